import followthemoney from '@alephdata/followthemoney';
import { ZeroMileError } from '../../../shared/errors';

/**
 * FollowTheMoney entities built and checked against Aleph's own model (@alephdata/followthemoney,
 * the schemata Aleph and its tools read): a schema or property the model does not define is an
 * error, and every value is checked against its property's type (dates, countries, numbers,
 * checksums, entity references). The model is consulted once per schema and property; entities
 * themselves are plain objects, so an export of millions of them stays cheap.
 */
const { Model, defaultModel } = followthemoney;
const model = new Model(defaultModel);

export type FtmSchema = 'Vehicle' | 'Company' | 'Person' | 'Ownership' | 'Payment' | 'Document';
export type FtmEntity = { id: string; schema: FtmSchema; properties: Record<string, string[]> };
export type FtmValues = Record<string, (string | number | null | undefined)[]>;

/** Value shapes per FtM property type (followthemoney/types), for the types ZeroMile writes. */
const TYPE_CHECKS: Readonly<Record<string, (value: string) => boolean>> = {
  date: (v) => /^\d{4}(-\d{2}(-\d{2}(T[\d:.]+Z?)?)?)?$/.test(v),
  country: (v) => /^[a-z]{2}(-[a-z0-9]{1,8})?$/.test(v),
  number: (v) => Number.isFinite(Number(v)),
  checksum: (v) => /^[0-9a-f]{40,128}$/.test(v),
  entity: (v) => /^[0-9a-zA-Z][0-9a-zA-Z._-]{0,127}$/.test(v),
  mimetype: (v) => /^[\w.+-]+\/[\w.+-]+$/.test(v),
};

const propertyTypes = new Map<string, string>();

/** The FtM type of `schema.property`, from the model; throws when the model has no such property. */
export function ftmPropertyType(schema: FtmSchema, property: string): string {
  const key = `${schema}.${property}`;
  let type = propertyTypes.get(key);
  if (type === undefined) {
    let found;
    try {
      found = model.getSchema(schema).getProperty(property);
    } catch {
      found = undefined;
    }
    if (!found) throw new ZeroMileError('internal', `FollowTheMoney's ${schema} has no property ${property}.`);
    type = found.type.name;
    propertyTypes.set(key, type);
  }
  return type;
}

/** An entity of `schema`: empty values dropped, repeats dropped, every value checked against its property's type. */
export function ftmEntity(schema: FtmSchema, id: string, values: FtmValues): FtmEntity {
  const properties: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(values)) {
    const kept = [...new Set(list.filter((v) => v !== null && v !== undefined && v !== '').map(String))];
    if (kept.length === 0) continue;
    const type = ftmPropertyType(schema, name);
    const check = TYPE_CHECKS[type];
    const bad = check ? kept.find((v) => !check(v)) : undefined;
    if (bad !== undefined) throw new ZeroMileError('internal', `FollowTheMoney ${schema}.${name} (${type}) cannot hold ${JSON.stringify(bad.slice(0, 200))}.`);
    properties[name] = kept;
  }
  return { id, schema, properties };
}

/** The entity as Aleph's model reads it back (tests: every exported line passes through the model). */
export function ftmThroughModel(entity: FtmEntity): FtmEntity {
  const built = model.getEntity({ id: entity.id, schema: entity.schema, properties: entity.properties });
  return built.toJSON() as FtmEntity;
}
