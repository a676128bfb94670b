import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../common/database/index.js';
import { moneyOf, optionalMoneyOf, type Money } from '../../common/money/index.js';
import { isUuid } from '../../common/validation/index.js';
import { isBackBar, isSold, type ProductUnit, type ProductUse } from './catalog-rules.js';
import { effectiveTerms, type BaseTerms, type LevelOverride, type PriceSource } from './level-price-rule.js';
import { effectiveTimeBlocks, type TimeBlocks } from './time-blocks.js';

/** A variation as one store sells it: what appointments and orders need to book, price and plan it. */
export interface VariationForStore {
  variationId: string;
  serviceId: string;
  categoryId: string;
  serviceName: string;
  variationName: string;
  /**
   * The store's price, or the catalog's; with a `levelId`, that level's effective price (the store's
   * own price still wins, then the level's, then the catalog's).
   */
  price: Money;
  /** The store set its own price. */
  priceOverridden: boolean;
  /** Where `price` comes from. */
  priceSource: PriceSource;
  /** The level `price`, `durationMinutes` and `timeBlocks` are for; null: no level asked for. */
  levelId: string | null;
  durationMinutes: number;
  /** In effect (the service's defaults filled in); the buffer comes after the duration. */
  timeBlocks: TimeBlocks;
  /** The effective terms at each level the catalog prices on its own (one entry per level override), by level id. */
  levels: VariationAtLevel[];
  /** The skill a beautician needs (`hair_colour`). */
  skill: string;
  /** What it occupies (`chair`, `room`, `bed`, `laser`), or null. */
  resourceType: string | null;
  /** The service and the variation are both active. */
  active: boolean;
  /** The store offers the service (no override, or one with `available`). */
  availableInStore: boolean;
  /** Active and offered by the store: it may be sold or booked at the desk. */
  sellable: boolean;
  /** Sellable, and clients may book it themselves. */
  bookableOnline: boolean;
}

/** What a variation costs and takes at one staff level (see level-price-rule.ts). */
export interface VariationAtLevel {
  levelId: string;
  price: Money;
  priceSource: PriceSource;
  durationMinutes: number;
  timeBlocks: TimeBlocks;
}

export interface ProductForStore {
  productId: string;
  sku: string;
  name: string;
  brand: string | null;
  use: ProductUse;
  size: number;
  unit: ProductUnit;
  shelfLifeDays: number | null;
  /** What the store charges (its own price or the catalog's); null for products that are not sold. */
  salePrice: Money | null;
  salePriceOverridden: boolean;
  costPrice: Money | null;
  active: boolean;
  /** Sold to clients (`retail`, `both`). */
  sold: boolean;
  /** Used in services (`professional`, `both`). */
  backBar: boolean;
}

/** A service customers may book online in a store, with its bookable variations at the store's prices. */
export interface BookableService {
  serviceId: string;
  name: string;
  description: string | null;
  categoryId: string;
  categoryName: string;
  variations: Array<{ variationId: string; name: string; price: Money; durationMinutes: number }>;
}

export interface ConsumptionLine {
  productId: string;
  sku: string;
  name: string;
  /** In the product's unit. */
  quantity: number;
  unit: ProductUnit;
  productActive: boolean;
}

/** A variation as people name it: `染发 Colour` / `短发 Short hair`. */
export interface VariationName {
  serviceName: string;
  variationName: string;
}

/**
 * What other modules (appointments, orders, inventory) may ask the catalog. Narrow on purpose: facts
 * about one item in one store, no access checks (callers decided who may see what). Each answer is
 * one query; each joins the caller's transaction when there is one. Unknown ids answer null (or []).
 */
@Injectable()
export class CatalogService {
  constructor(@Inject(Db) private readonly db: Db) {}

  /**
   * The variation as the store sells it, with its terms at every level that has its own price or
   * duration; with `levelId`, `price`, `durationMinutes` and `timeBlocks` are that level's. One query.
   */
  async variationForStore(variationId: string, storeId: string, levelId?: string | null): Promise<VariationForStore | null> {
    if (!isUuid(variationId) || !isUuid(storeId)) return null;
    const [row] = await this.db.rows<{
      variationId: string;
      serviceId: string;
      categoryId: string;
      serviceName: string;
      variationName: string;
      amount: string;
      storeAmount: string | null;
      currency: string;
      durationMinutes: number;
      activeMinutes: number | null;
      processingMinutes: number | null;
      finishingMinutes: number | null;
      bufferMinutes: number | null;
      serviceProcessing: number;
      serviceFinishing: number;
      serviceBuffer: number;
      skill: string;
      resourceType: string | null;
      active: boolean;
      available: boolean;
      bookableOnline: boolean;
      levels: LevelOverride[];
    }>(
      `SELECT v.id AS "variationId", s.id AS "serviceId", s.category_id AS "categoryId", s.name AS "serviceName", v.name AS "variationName",
              v.price_amount::text AS amount, p.amount::text AS "storeAmount", v.currency, v.duration_minutes AS "durationMinutes",
              v.active_minutes AS "activeMinutes", v.processing_minutes AS "processingMinutes", v.finishing_minutes AS "finishingMinutes",
              v.buffer_minutes AS "bufferMinutes", s.processing_minutes AS "serviceProcessing", s.finishing_minutes AS "serviceFinishing",
              s.buffer_minutes AS "serviceBuffer", s.skill, s.resource_type AS "resourceType",
              (s.status = 'active' AND v.status = 'active') AS active, coalesce(o.available, true) AS available, s.bookable_online AS "bookableOnline",
              coalesce((SELECT json_agg(json_build_object('levelId', l.level_id, 'amount', l.amount::text, 'currency', l.currency, 'durationMinutes', l.duration_minutes)
                                        ORDER BY l.level_id)
                          FROM variation_level_price l WHERE l.variation_id = v.id), '[]') AS levels
         FROM service_variation v
         JOIN service s ON s.id = v.service_id
         LEFT JOIN variation_store_price p ON p.variation_id = v.id AND p.store_id = $2
         LEFT JOIN service_store_override o ON o.service_id = s.id AND o.store_id = $2
        WHERE v.id = $1`,
      [variationId, storeId],
    );
    if (!row) return null;
    const sellable = row.active && row.available;
    const base: BaseTerms = {
      catalogAmount: row.amount,
      storeAmount: row.storeAmount,
      currency: row.currency,
      durationMinutes: row.durationMinutes,
      timeBlocks: effectiveTimeBlocks(
        row.durationMinutes,
        { processingMinutes: row.serviceProcessing, finishingMinutes: row.serviceFinishing, bufferMinutes: row.serviceBuffer },
        { activeMinutes: row.activeMinutes, processingMinutes: row.processingMinutes, finishingMinutes: row.finishingMinutes, bufferMinutes: row.bufferMinutes },
      ),
    };
    const asked = levelId ? levelId.toLowerCase() : null;
    const terms = effectiveTerms(
      base,
      row.levels.find((level) => level.levelId === asked),
    );
    return {
      variationId: row.variationId,
      serviceId: row.serviceId,
      categoryId: row.categoryId,
      serviceName: row.serviceName,
      variationName: row.variationName,
      price: terms.price,
      priceOverridden: row.storeAmount !== null,
      priceSource: terms.priceSource,
      levelId: asked,
      durationMinutes: terms.durationMinutes,
      timeBlocks: terms.timeBlocks,
      levels: row.levels.map((level) => ({ levelId: level.levelId, ...effectiveTerms(base, level) })),
      skill: row.skill,
      resourceType: row.resourceType,
      active: row.active,
      availableInStore: row.available,
      sellable,
      bookableOnline: sellable && row.bookableOnline,
    };
  }

  /**
   * The menu customers book from in a store: active services bookable online and offered by the store,
   * each with its active variations at the store's price (else the catalog's), by category then name. One query.
   */
  async bookableMenu(storeId: string): Promise<BookableService[]> {
    if (!isUuid(storeId)) return [];
    const rows = await this.db.rows<
      Omit<BookableService, 'variations'> & { variations: Array<{ variationId: string; name: string; amount: string; currency: string; durationMinutes: number }> }
    >(
      `SELECT s.id AS "serviceId", s.name, s.description, s.category_id AS "categoryId", c.name AS "categoryName",
              json_agg(json_build_object('variationId', v.id, 'name', v.name, 'amount', coalesce(p.amount, v.price_amount)::text,
                                         'currency', coalesce(p.currency, v.currency), 'durationMinutes', v.duration_minutes) ORDER BY v.sort_order, v.id) AS variations
         FROM service s
         JOIN service_category c ON c.id = s.category_id
         JOIN service_variation v ON v.service_id = s.id AND v.status = 'active'
         LEFT JOIN variation_store_price p ON p.variation_id = v.id AND p.store_id = $1
         LEFT JOIN service_store_override o ON o.service_id = s.id AND o.store_id = $1
        WHERE s.status = 'active' AND s.bookable_online AND coalesce(o.available, true)
        GROUP BY s.id, c.id
        ORDER BY c.sort_order, c.name, s.name, s.id`,
      [storeId],
    );
    return rows.map((row) => ({
      ...row,
      variations: row.variations.map(({ amount, currency, ...variation }) => ({ ...variation, price: moneyOf(amount, currency) })),
    }));
  }

  async productForStore(productId: string, storeId: string): Promise<ProductForStore | null> {
    return (await this.productsForStore([productId], storeId)).get(productId.toLowerCase()) ?? null;
  }

  /** Several products as `productForStore` answers each, in one query (an order's lines), keyed by lower-case id; unknown ids are absent. */
  async productsForStore(productIds: readonly string[], storeId: string): Promise<Map<string, ProductForStore>> {
    const ids = [...new Set(productIds.filter(isUuid).map((id) => id.toLowerCase()))];
    if (ids.length === 0 || !isUuid(storeId)) return new Map();
    const rows = await this.db.rows<{
      productId: string;
      sku: string;
      name: string;
      brand: string | null;
      use: ProductUse;
      size: string;
      unit: ProductUnit;
      shelfLifeDays: number | null;
      saleAmount: string | null;
      storeAmount: string | null;
      costAmount: string | null;
      currency: string;
      status: string;
    }>(
      `SELECT p.id AS "productId", p.sku, p.name, p.brand, p.use, p.size::text AS size, p.unit, p.shelf_life_days AS "shelfLifeDays",
              p.sale_amount::text AS "saleAmount", sp.amount::text AS "storeAmount", p.cost_amount::text AS "costAmount", p.currency, p.status
         FROM product p LEFT JOIN product_store_price sp ON sp.product_id = p.id AND sp.store_id = $2
        WHERE p.id = ANY($1::uuid[])`,
      [ids, storeId],
    );
    return new Map(
      rows.map((row) => {
        const sold = isSold(row.use) && row.saleAmount !== null;
        const product: ProductForStore = {
          productId: row.productId,
          sku: row.sku,
          name: row.name,
          brand: row.brand,
          use: row.use,
          size: Number(row.size),
          unit: row.unit,
          shelfLifeDays: row.shelfLifeDays,
          salePrice: sold ? moneyOf(row.storeAmount ?? row.saleAmount!, row.currency) : null,
          salePriceOverridden: sold && row.storeAmount !== null,
          costPrice: optionalMoneyOf(row.costAmount, row.currency),
          active: row.status === 'active',
          sold,
          backBar: isBackBar(row.use),
        };
        return [row.productId, product];
      }),
    );
  }

  /** The product a barcode names (any product, archived ones too), or null: a scanner's look-up. */
  async productIdByBarcode(barcode: string): Promise<string | null> {
    const [row] = await this.db.rows<{ id: string }>('SELECT id FROM product WHERE barcode = $1', [barcode]);
    return row?.id ?? null;
  }

  /** The products whose category is one of `categories` (any case), with whether each is active: a stocktake's scope. */
  async productsInCategories(categories: readonly string[]): Promise<Array<{ productId: string; active: boolean }>> {
    if (categories.length === 0) return [];
    return this.db.rows<{ productId: string; active: boolean }>(
      `SELECT id AS "productId", status = 'active' AS active FROM product WHERE category = ANY($1::citext[]) ORDER BY id`,
      [categories],
    );
  }

  /** What one performance of the variation uses, by product name. */
  async consumptionOf(variationId: string): Promise<ConsumptionLine[]> {
    if (!isUuid(variationId)) return [];
    const rows = await this.db.rows<Omit<ConsumptionLine, 'quantity'> & { quantity: string }>(
      `SELECT c.product_id AS "productId", p.sku, p.name, c.quantity::text AS quantity, p.unit, p.status = 'active' AS "productActive"
         FROM service_consumption c JOIN product p ON p.id = c.product_id
        WHERE c.variation_id = $1 ORDER BY p.name, p.id`,
      [variationId],
    );
    return rows.map((row) => ({ ...row, quantity: Number(row.quantity) }));
  }

  /**
   * How people name these variations (archived ones too): the service's name and the variation's, by
   * id, for lists and calendars that show what was booked. Unknown ids are left out. One query.
   */
  async variationNames(ids: readonly string[]): Promise<Map<string, VariationName>> {
    const candidates = [...new Set(ids.filter(isUuid))];
    if (candidates.length === 0) return new Map();
    const rows = await this.db.rows<VariationName & { id: string }>(
      `SELECT v.id, s.name AS "serviceName", v.name AS "variationName" FROM service_variation v JOIN service s ON s.id = v.service_id WHERE v.id = ANY($1::uuid[])`,
      [candidates],
    );
    return new Map(rows.map(({ id, ...name }) => [id, name]));
  }

  /**
   * The skills no service requires, active or archived (a staff member's skill that matches nothing is
   * probably a typo: scheduling warns about it). In the order given; one query.
   */
  async unusedSkills(skills: readonly string[]): Promise<string[]> {
    if (skills.length === 0) return [];
    const rows = await this.db.rows<{ skill: string }>(
      `SELECT given.skill FROM unnest($1::text[]) WITH ORDINALITY AS given(skill, position)
        WHERE NOT EXISTS (SELECT 1 FROM service s WHERE s.skill = given.skill) ORDER BY given.position`,
      [skills],
    );
    return rows.map((row) => row.skill);
  }

  /** Which of these resource types no active service requires (a warning for a room or machine nothing books). One query. */
  async unusedResourceTypes(types: readonly string[]): Promise<string[]> {
    if (types.length === 0) return [];
    const rows = await this.db.rows<{ type: string }>(
      `SELECT t.type FROM unnest($1::text[]) WITH ORDINALITY AS t(type, position)
        WHERE NOT EXISTS (SELECT 1 FROM service s WHERE s.resource_type = t.type AND s.status = 'active') ORDER BY t.position`,
      [[...types]],
    );
    return rows.map((row) => row.type);
  }
}
