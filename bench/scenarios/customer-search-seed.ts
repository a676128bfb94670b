/**
 * Seeds customers for the customer-search bench in one `INSERT … SELECT generate_series` (200,000
 * rows in seconds): Chinese names drawn from common surnames (the most common far more often, as
 * in life) and given-name characters (a few rare ones), about 5 % pinyin names, unique phones
 * `+86138…`, tags, birthdays, sources, home stores, created_at spread over 3 years. Deterministic
 * (setseed), so every run searches the same book.
 */
import type pg from 'pg';

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红梅琳婷雪慧颖倩晶欣怡佳悦琪思雨梦晨子宇浩然轩涵诗嘉蕾瑶璐露薇燕萱彤妍蓉晓小文海春兰凤云月丹莉宁安宏志建国东波斌鹏飞辉鑫博昊俊睿泽航瑞凯一可心'];
/** Characters few names use: a search for one of them matches a handful of customers. */
const RARE = [...'黛翎瑾蓁婳璎'];
const PINYIN_SURNAMES = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Lin'];
const PINYIN_GIVEN = ['Fang', 'Na', 'Min', 'Jing', 'Li', 'Wei', 'Ting', 'Xue', 'Hui', 'Ying', 'Qian', 'Emily', 'Grace', 'Vivian', 'Coco', 'Lily'];
export const SEED_TAGS = ['VIP', '新客', '会员', '老客', '敏感肌', '推荐人', '储值卡'];

export async function seedCustomers(client: pg.Client, count: number, storeIds: string[]): Promise<void> {
  await client.query('SELECT setseed(0.42)');
  // Random picks are computed once per row in a sub-select (r1…r9), then assembled.
  await client.query(
    `INSERT INTO customer (name, phone, email, gender, birthday, source, home_store_id, tags, status, visit_count, created_at, updated_at)
     SELECT
       CASE WHEN r1 < 0.05
         THEN ($4::text[])[1 + floor(r2 * array_length($4::text[], 1))::int] || ' ' || ($5::text[])[1 + floor(r3 * array_length($5::text[], 1))::int]
         ELSE ($1::text[])[1 + floor(power(r2, 2.2) * array_length($1::text[], 1))::int]
           || CASE WHEN r4 < 0.0015 THEN ($3::text[])[1 + floor(r5 * array_length($3::text[], 1))::int]
                   ELSE ($2::text[])[1 + floor(r5 * array_length($2::text[], 1))::int] END
           || CASE WHEN r6 < 0.65 THEN ($2::text[])[1 + floor(r7 * array_length($2::text[], 1))::int] ELSE '' END
       END,
       '+86138' || lpad(((g::bigint * 7919) % 100000000)::text, 8, '0'),
       CASE WHEN r8 < 0.4 THEN 'c' || g || '@example.com' END,
       CASE WHEN r9 < 0.85 THEN 'female' WHEN r9 < 0.97 THEN 'male' ELSE 'undisclosed' END,
       CASE WHEN r8 < 0.8 THEN date '1960-01-01' + floor(r7 * 17500)::int END,
       (ARRAY['walk_in', 'online', 'app', 'phone', 'referral', 'partner', 'campaign'])[1 + floor(r3 * 7)::int],
       ($6::uuid[])[1 + floor(r4 * array_length($6::uuid[], 1))::int],
       CASE WHEN r5 < 0.5 THEN '{}'::text[] WHEN r5 < 0.85 THEN ARRAY[($7::text[])[1 + t1]]
            ELSE ARRAY[($7::text[])[1 + t1], ($7::text[])[1 + (t1 + 1 + floor(r2 * 6)::int) % 7]] END,
       CASE WHEN r9 < 0.98 THEN 'active' ELSE 'blocked' END,
       floor(r1 * 40)::int,
       created, created
     FROM (
       SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
              random() AS r7, random() AS r8, random() AS r9,
              floor(random() * 7)::int AS t1, date_trunc('milliseconds', now() - random() * interval '3 years') AS created
       FROM generate_series(1, $8::int) AS g
     ) AS r
     -- Rows land in the order they were created, as a customer book filled over the years does.
     ORDER BY created`,
    [SURNAMES, GIVEN, RARE, PINYIN_SURNAMES, PINYIN_GIVEN, storeIds, SEED_TAGS, count],
  );
  // What autovacuum does on a live database: statistics, and the GIN pending lists merged (a search
  // otherwise scans every entry still pending, a few ms each time).
  await client.query('VACUUM ANALYZE customer');
}
