import { Input } from 'antd';

/** A list page's search box: hands on the trimmed term when the user presses enter or the button. */
export function SearchBox({
  placeholder,
  testId,
  onSearch,
}: {
  placeholder: string;
  testId: string;
  onSearch: (term: string) => void;
}) {
  return (
    <Input.Search
      allowClear
      placeholder={placeholder}
      onSearch={(value) => onSearch(value.trim())}
      style={{ width: 260 }}
      data-testid={testId}
    />
  );
}
