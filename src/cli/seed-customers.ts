/**
 * Ten demo customers of the demo business, registered through CustomersService exactly as the front
 * desk would (POST /v1/customers bodies). Idempotent on the phone: a customer whose phone exists is
 * left as it is. Made-up people and numbers.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createValidationPipe } from '../common/errors/index.js';
import type { Actor } from '../common/http/request-context.js';
import { CreateCustomerDto, CustomersService } from '../modules/customers/index.js';

interface DemoCustomer {
  body: Record<string, unknown>;
  /** Store code of the home store. */
  home?: string;
  /** Phone of the customer who referred this one (created earlier in the list). */
  referredBy?: string;
}

const sms = (granted: boolean) => ({ sms: { granted, method: 'in_store_form' } });

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  {
    home: 'SH-JA',
    body: {
      name: '王小红',
      phone: '+8613900000001',
      email: 'xiaohong.wang@example.com',
      gender: 'female',
      birthday: '1992-05-12',
      tags: ['VIP'],
      consents: sms(true),
      careNotes: { skinType: 'combination', allergies: ['PPD (hair dye)'] },
    },
  },
  { home: 'SH-JA', referredBy: '+8613900000001', body: { name: '李静', phone: '+8613900000002', gender: 'female', birthday: '1988-11-03', source: 'referral', tags: ['新客'] } },
  { home: 'SH-JA', body: { name: '张伟', phone: '+8613900000003', gender: 'male', source: 'online', notes: 'Prefers evening appointments.' } },
  {
    home: 'SH-XH',
    body: {
      name: '刘芳',
      phone: '+8613900000004',
      email: 'fang.liu@example.com',
      gender: 'female',
      birthday: '1995-02-28',
      source: 'app',
      consents: { sms: { granted: true, method: 'online_checkbox' }, wechat: { granted: true, method: 'online_checkbox' } },
    },
  },
  {
    home: 'SH-XH',
    body: { name: '陈晓雨', phone: '+8613900000005', gender: 'female', source: 'phone', careNotes: { skinType: 'sensitive', allergies: ['fragrance'] }, tags: ['敏感肌'] },
  },
  {
    home: 'SH-JA',
    body: {
      name: 'Emily Zhou',
      phone: '+8613900000006',
      email: 'emily.zhou@example.com',
      gender: 'female',
      source: 'campaign',
      consents: { email: { granted: true, method: 'email_link' } },
    },
  },
  { home: 'SH-XH', body: { name: '杨洋', phone: '+8613900000007', gender: 'male', birthday: '1990-07-19', source: 'walk_in' } },
  {
    home: 'SH-JA',
    body: {
      name: '赵丽',
      phone: '+8613900000008',
      gender: 'female',
      source: 'partner',
      tags: ['会员'],
      addresses: [{ label: 'home', line1: '延安西路 200 号 5 栋 1202 室', district: '长宁区', city: '上海市', province: '上海市', postalCode: '200050', isDefault: true }],
    },
  },
  { body: { name: '黄蕾', phone: '+8613900000009', gender: 'female', source: 'walk_in', consents: sms(false) } },
  {
    home: 'SH-XH',
    referredBy: '+8613900000004',
    body: { name: '周婷', phone: '+852 9123 4567', gender: 'female', source: 'referral', notes: 'Visiting from Hong Kong twice a year.' },
  },
];

/** Registers the demo customers that are not there yet; answers what it created (`customer 王小红`). */
export async function seedDemoCustomers(app: INestApplicationContext, owner: Actor, storeIds: Map<string, string>): Promise<string[]> {
  const dataSource = app.get(DataSource);
  const customers = app.get(CustomersService);
  const created: string[] = [];
  const idOf = async (phone: string) => (await dataSource.query<Array<{ id: string }>>('SELECT id FROM customer WHERE phone = $1', [phone]))[0]?.id;
  for (const demo of DEMO_CUSTOMERS) {
    const body: Record<string, unknown> = { ...demo.body, homeStoreId: demo.home ? storeIds.get(demo.home) : undefined };
    if (demo.referredBy) body.referredById = await idOf(demo.referredBy);
    const dto = (await createValidationPipe().transform(structuredClone(body), { type: 'body', metatype: CreateCustomerDto })) as CreateCustomerDto;
    if (await idOf(dto.phone)) continue;
    await customers.create(owner, dto);
    created.push(`customer ${dto.name}`);
  }
  return created;
}
