/**
 * Search keys of a customer's name: Chinese front desks look people up by pinyin (`xiaoh`,
 * `wang xiao hong`) or by initials (`wxh` for 王小红). pinyin-pro reads the characters (the first in
 * surname mode, so 单 is `shan`, 曾 `zeng`, 解 `xie`, 仇 `qiu`, 区 `ou`); names in Latin letters
 * give their own letters (`Emily Chen` → `emilychen`, `ec`; `José` → `jose`), so one pair of
 * trigram-indexed columns answers every search typed in letters (customer-search.ts). Computed here
 * whenever a name is written (create, update, import) and stored in `name_pinyin` / `name_initials`.
 */
import { pinyin } from 'pinyin-pro';

export interface NameKeys {
  /** The full pinyin without spaces or tones, ü written v as pinyin keyboards do: `wangxiaohong`, `lvxin`. */
  namePinyin: string | null;
  /** The first letter of each syllable (and of each word in Latin letters): `wxh`. */
  nameInitials: string | null;
}

export function nameKeys(name: string | null | undefined): NameKeys {
  if (!name) return { namePinyin: null, nameInitials: null };
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive', v: true });
  // Non-Chinese runs (`Amy `, `·`) come back as they are: keep their words in plain lower-case
  // letters (accents dropped); other scripts (`Анна`) have no keys and are found by the name itself.
  const words = syllables
    .flatMap((part) =>
      part
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u),
    )
    .filter((word) => /^[a-z0-9]+$/.test(word));
  if (words.length === 0) return { namePinyin: null, nameInitials: null };
  return { namePinyin: words.join(''), nameInitials: words.map((word) => word[0]).join('') };
}

/**
 * A search text as a pinyin key (`Wang Xiao` → `wangxiao`, `xi'an` → `xian`, `lü` → `lv`), or
 * undefined when it is not pinyin (Chinese characters, digits, other scripts).
 */
export function pinyinQuery(q: string): string | undefined {
  const key = q
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[\s'’]+/g, '');
  return /^[a-z]+$/.test(key) ? key : undefined;
}

/** Rows per statement of `backfillNameKeys`. */
const BACKFILL_BATCH = 1000;

/**
 * Fills the keys of customers written before they existed (or by a raw INSERT): rows without keys
 * whose name gives some. Idempotent; returns how many it filled.
 */
export async function backfillNameKeys(query: (sql: string, parameters: unknown[]) => Promise<unknown>): Promise<number> {
  let filled = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (await query(`SELECT id, name FROM customer WHERE name_pinyin IS NULL AND status <> 'anonymized' AND id > $1::uuid ORDER BY id LIMIT ${BACKFILL_BATCH}`, [
      after,
    ])) as Array<{ id: string; name: string }>;
    if (rows.length === 0) return filled;
    after = rows[rows.length - 1].id;
    const keyed = rows.map((row) => ({ id: row.id, ...nameKeys(row.name) })).filter((row) => row.namePinyin !== null);
    if (keyed.length === 0) continue;
    await query(
      `UPDATE customer c SET name_pinyin = k.pinyin, name_initials = k.initials
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS k(id, pinyin, initials) WHERE c.id = k.id`,
      [keyed.map((row) => row.id), keyed.map((row) => row.namePinyin), keyed.map((row) => row.nameInitials)],
    );
    filled += keyed.length;
  }
}

/** The key columns of `name`, as [column, value] pairs for an INSERT or UPDATE that writes the name. */
export function nameKeyColumns(name: string): Array<[column: 'name_pinyin' | 'name_initials', value: string | null]> {
  const keys = nameKeys(name);
  return [
    ['name_pinyin', keys.namePinyin],
    ['name_initials', keys.nameInitials],
  ];
}
