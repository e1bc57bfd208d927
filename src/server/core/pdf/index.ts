export { TextPdf } from './text-pdf.ts';
