import { describe, expect, it } from 'vitest';
import { renderMarkdown, toPlainText } from './markdown.ts';

describe('safe Markdown subset', () => {
  it('renders headings, emphasis, lists, quotes and safe links', () => {
    const html = renderMarkdown(
      '# 通告\n**封闭管理**，*一人一证*\n\n- 测温\n- 登记\n\n1. 第一\n2. 第二\n\n> 引用\n\n[政府网站](https://www.yingkou.gov.cn/) `code`',
    );
    expect(html).toContain('<h3>通告</h3>');
    expect(html).toContain('<strong>封闭管理</strong>');
    expect(html).toContain('<em>一人一证</em>');
    expect(html).toContain('<ul><li>测温</li><li>登记</li></ul>');
    expect(html).toContain('<ol><li>第一</li><li>第二</li></ol>');
    expect(html).toContain('<blockquote><p>引用</p></blockquote>');
    expect(html).toContain(
      '<a href="https://www.yingkou.gov.cn/" rel="noopener noreferrer nofollow" target="_blank">政府网站</a>',
    );
    expect(html).toContain('<code>code</code>');
  });

  it('never lets a script tag through', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n**<script>x</script>**');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('drops javascript:, data: and other non-http links, keeping only their text', () => {
    for (const url of [
      'javascript:alert%281%29',
      'JavaScript:void0',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:x',
      '//evil.example/',
    ]) {
      const html = renderMarkdown(`[点我](${url})`);
      expect(html, url).toBe('<p>点我</p>');
    }
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('href');
    expect(renderMarkdown('[x](java&#115;cript:alert(1))')).not.toContain('href');
  });

  it('turns images, with or without event handlers, into their alt text', () => {
    const html = renderMarkdown(
      '![示意图](https://x.example/a.png)\n<img src=x onerror="alert(1)">\n![a" onerror="alert(1)](https://x.example/b.png)',
    );
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[a-z][^>]*\sonerror=/i);
    expect(html).toContain('示意图');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('cannot break out of an href attribute with quotes', () => {
    const html = renderMarkdown('[x](https://a.example/"onmouseover="alert(1))');
    expect(html).not.toMatch(/"\s*onmouseover=/);
  });

  it('gives plain text for chat groups, with safe link addresses spelled out', () => {
    expect(toPlainText('# 标题\n**加粗** [网站](https://a.example/) [坏](javascript:x)\n- 一')).toBe(
      '标题\n加粗 网站（https://a.example/） 坏\n• 一',
    );
  });
});
