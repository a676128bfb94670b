import { createHash } from 'node:crypto';
import { DefaultNamingStrategy, Table, type NamingStrategyInterface } from 'typeorm';

export function snakeCase(text: string): string {
  return text
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z\d]+)/g, '$1_$2')
    .toLowerCase();
}

/** PostgreSQL cuts identifiers at 63 bytes: keep long names unique with a short hash. */
function identifier(name: string): string {
  if (name.length <= 63) return name;
  return `${name.slice(0, 54)}_${createHash('sha1').update(name).digest('hex').slice(0, 8)}`;
}

function bareTable(tableOrName: Table | string): string {
  const name = typeof tableOrName === 'string' ? tableOrName : tableOrName.name;
  return name.split('.').pop()!;
}

function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 8);
}

/**
 * Tables and columns in snake_case, so SQL written by hand reads naturally; constraints and indexes
 * get readable names (`uq_store_code`, `fk_staff_user_store_store_id`), which the error filter maps to
 * business meanings (see registerConstraint).
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(targetName: string, userSpecifiedName: string | undefined): string {
    return userSpecifiedName ?? snakeCase(targetName);
  }
  override columnName(propertyName: string, customName: string, embeddedPrefixes: string[]): string {
    return snakeCase(embeddedPrefixes.concat(customName || propertyName).join('_'));
  }
  override relationName(propertyName: string): string {
    return snakeCase(propertyName);
  }
  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snakeCase(`${relationName}_${referencedColumnName}`);
  }
  override joinTableName(firstTableName: string, secondTableName: string, firstPropertyName: string): string {
    return snakeCase(`${firstTableName}_${firstPropertyName.replace(/\./g, '_')}_${secondTableName}`);
  }
  override joinTableColumnName(tableName: string, propertyName: string, columnName?: string): string {
    return snakeCase(`${tableName}_${columnName ?? propertyName}`);
  }
  override primaryKeyName(tableOrName: Table | string): string {
    return identifier(`pk_${bareTable(tableOrName)}`);
  }
  override uniqueConstraintName(tableOrName: Table | string, columnNames: string[]): string {
    return identifier(`uq_${bareTable(tableOrName)}_${columnNames.join('_')}`);
  }
  override relationConstraintName(tableOrName: Table | string, columnNames: string[], where?: string): string {
    return identifier(`rel_${bareTable(tableOrName)}_${columnNames.join('_')}${where ? `_${shortHash(where)}` : ''}`);
  }
  override foreignKeyName(tableOrName: Table | string, columnNames: string[]): string {
    return identifier(`fk_${bareTable(tableOrName)}_${columnNames.join('_')}`);
  }
  override indexName(tableOrName: Table | string, columnNames: string[], where?: string): string {
    return identifier(`ix_${bareTable(tableOrName)}_${columnNames.join('_')}${where ? `_${shortHash(where)}` : ''}`);
  }
  override checkConstraintName(tableOrName: Table | string, expression: string, isEnum?: boolean): string {
    return identifier(`ck_${bareTable(tableOrName)}_${isEnum ? 'enum_' : ''}${shortHash(expression)}`);
  }
  override exclusionConstraintName(tableOrName: Table | string, expression: string): string {
    return identifier(`xk_${bareTable(tableOrName)}_${shortHash(expression)}`);
  }
  override defaultConstraintName(tableOrName: Table | string, columnName: string): string {
    return identifier(`df_${bareTable(tableOrName)}_${columnName}`);
  }
}
