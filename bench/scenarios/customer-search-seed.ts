/**
 * Seeds customers for the customer-search bench in one `INSERT … SELECT generate_series` (200,000
 * rows in seconds): Chinese names drawn from common surnames (the most common far more often, as
 * in life) and given-name characters (a few rare ones), about 5 % pinyin names, unique phones
 * `+86138…` (names' pinyin keys filled as the API writes them), tags, birthdays, sources, home stores, created_at spread over 3 years. Deterministic
 * (setseed), so every run searches the same book.
 */
import type pg from 'pg';
import { nameKeys } from '../../src/modules/customers/search/customer-name-keys.js';

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红梅琳婷雪慧颖倩晶欣怡佳悦琪思雨梦晨子宇浩然轩涵诗嘉蕾瑶璐露薇燕萱彤妍蓉晓小文海春兰凤云月丹莉宁安宏志建国东波斌鹏飞辉鑫博昊俊睿泽航瑞凯一可心',
];
/** Characters few names use: a search for one of them matches a handful of customers. */
const RARE = [...'黛翎瑾蓁婳璎'];
const PINYIN_SURNAMES = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Lin'];
const PINYIN_GIVEN = ['Fang', 'Na', 'Min', 'Jing', 'Li', 'Wei', 'Ting', 'Xue', 'Hui', 'Ying', 'Qian', 'Emily', 'Grace', 'Vivian', 'Coco', 'Lily'];
export const SEED_TAGS = ['VIP', '新客', '会员', '老客', '敏感肌', '推荐人', '储值卡'];

export async function seedCustomers(client: pg.Client, count: number, storeIds: string[]): Promise<void> {
  await client.query('SELECT setseed(0.42)');
  // The rows are drawn into a scratch table first, so the pinyin keys of their names (computed by the
  // API's own function, as every write path does) go in with them: one INSERT, no mass UPDATE
  // bloating the indexes the bench measures. Random picks are computed once per row in a sub-select
  // (r1…r9), then assembled.
  await client.query(
    `CREATE TEMP TABLE seed_row AS
     SELECT
       CASE WHEN r1 < 0.05
         THEN ($4::text[])[1 + floor(r2 * array_length($4::text[], 1))::int] || ' ' || ($5::text[])[1 + floor(r3 * array_length($5::text[], 1))::int]
         ELSE ($1::text[])[1 + floor(power(r2, 2.2) * array_length($1::text[], 1))::int]
           || CASE WHEN r4 < 0.0015 THEN ($3::text[])[1 + floor(r5 * array_length($3::text[], 1))::int]
                   ELSE ($2::text[])[1 + floor(r5 * array_length($2::text[], 1))::int] END
           || CASE WHEN r6 < 0.65 THEN ($2::text[])[1 + floor(r7 * array_length($2::text[], 1))::int] ELSE '' END
       END AS name,
       '+86138' || lpad(((g::bigint * 7919) % 100000000)::text, 8, '0') AS phone,
       CASE WHEN r8 < 0.4 THEN 'c' || g || '@example.com' END AS email,
       CASE WHEN r9 < 0.85 THEN 'female' WHEN r9 < 0.97 THEN 'male' ELSE 'undisclosed' END AS gender,
       CASE WHEN r8 < 0.8 THEN date '1960-01-01' + floor(r7 * 17500)::int END AS birthday,
       (ARRAY['walk_in', 'online', 'app', 'phone', 'referral', 'partner', 'campaign'])[1 + floor(r3 * 7)::int] AS source,
       ($6::uuid[])[1 + floor(r4 * array_length($6::uuid[], 1))::int] AS home_store_id,
       CASE WHEN r5 < 0.5 THEN '{}'::text[] WHEN r5 < 0.85 THEN ARRAY[($7::text[])[1 + t1]]
            ELSE ARRAY[($7::text[])[1 + t1], ($7::text[])[1 + (t1 + 1 + floor(r2 * 6)::int) % 7]] END AS tags,
       CASE WHEN r9 < 0.98 THEN 'active' ELSE 'blocked' END AS status,
       floor(r1 * 40)::int AS visit_count,
       created
     FROM (
       SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
              random() AS r7, random() AS r8, random() AS r9,
              floor(random() * 7)::int AS t1, date_trunc('milliseconds', now() - random() * interval '3 years') AS created
       FROM generate_series(1, $8::int) AS g
     ) AS r`,
    [SURNAMES, GIVEN, RARE, PINYIN_SURNAMES, PINYIN_GIVEN, storeIds, SEED_TAGS, count],
  );
  const { rows: names } = await client.query<{ name: string }>('SELECT DISTINCT name FROM seed_row');
  const keys = names.map(({ name }) => nameKeys(name));
  await client.query('CREATE TEMP TABLE seed_name_key AS SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS k(name, name_pinyin, name_initials)', [
    names.map(({ name }) => name),
    keys.map((k) => k.namePinyin),
    keys.map((k) => k.nameInitials),
  ]);
  await client.query(
    `INSERT INTO customer (name, name_pinyin, name_initials, phone, email, gender, birthday, source, home_store_id, tags, status, visit_count, created_at, updated_at)
     SELECT s.name, k.name_pinyin, k.name_initials, s.phone, s.email, s.gender, s.birthday, s.source, s.home_store_id, s.tags, s.status, s.visit_count, s.created, s.created
       FROM seed_row s JOIN seed_name_key k USING (name)
     -- Rows land in the order they were created, as a customer book filled over the years does.
     ORDER BY s.created`,
  );
  await client.query('DROP TABLE seed_row, seed_name_key');
  // What autovacuum does on a live database: statistics, and the GIN pending lists merged (a search
  // otherwise scans every entry still pending, a few ms each time).
  await client.query('VACUUM ANALYZE customer');
}
