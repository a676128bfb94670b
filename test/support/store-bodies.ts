/** Request bodies for the stores API: a Shanghai salon that tests vary one field at a time. */
let sequence = 0;

export function storeCode(prefix = 'SH'): string {
  return `${prefix}-${Date.now().toString(36).slice(-5)}${(sequence++).toString(36)}`.toUpperCase().slice(0, 16);
}

export function storeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: storeCode(),
    name: 'Bloom 静安店',
    address: { line1: '南京西路 1266 号 恒隆广场 3 楼 301 室', district: '静安区', city: '上海市', province: '上海市', postalCode: '200040' },
    phone: '021 6288 1234',
    email: 'jingan@bloom.example',
    timeZone: 'Asia/Shanghai',
    businessHours: {
      monday: [{ open: '10:00', close: '21:00' }],
      tuesday: [{ open: '10:00', close: '21:00' }],
      wednesday: [{ open: '10:00', close: '21:00' }],
      thursday: [{ open: '10:00', close: '21:00' }],
      friday: [{ open: '10:00', close: '22:00' }],
      saturday: [
        { open: '13:00', close: '22:00' },
        { open: '09:30', close: '12:00' },
      ],
    },
    ...overrides,
  };
}
