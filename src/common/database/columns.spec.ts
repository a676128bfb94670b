import { columnList } from './columns.js';

interface Row {
  id: string;
  categoryId: string;
  name: string | null;
  birthday?: string;
}

describe('columnList', () => {
  it('aliases every column whose name differs from its property, expressions included', () => {
    expect(columnList<Row>({ id: 'id', categoryId: 'category_id', name: 'name', birthday: `to_char(birthday, 'YYYY-MM-DD')` })).toBe(
      `id, category_id AS "categoryId", name, to_char(birthday, 'YYYY-MM-DD') AS "birthday"`,
    );
  });

  it('qualifies plain columns with a table alias and leaves expressions alone', () => {
    expect(columnList<Row>({ id: 'id', categoryId: 'category_id', name: 'name', birthday: 'now()::text' }, 'p')).toBe(
      `p.id AS "id", p.category_id AS "categoryId", p.name AS "name", now()::text AS "birthday"`,
    );
  });

  it('refuses, at compile time, a list that misses a property or names one the row lacks', () => {
    // @ts-expect-error categoryId and birthday are missing
    columnList<Row>({ id: 'id', name: 'name' });
    // @ts-expect-error storeId is not a property of Row
    columnList<Row>({ id: 'id', categoryId: 'category_id', name: 'name', birthday: 'birthday', storeId: 'store_id' });
  });
});
