import { createRequire } from 'node:module';
import type followthemoneyModule from '@alephdata/followthemoney';
import { ZeroMileError } from '../../../shared/errors';

/**
 * FollowTheMoney entities built and checked against Aleph's own model (@alephdata/followthemoney,
 * the schemata Aleph and its tools read): a schema or property the model does not define is an
 * error, and every value is checked against its property's type (dates, countries, numbers,
 * checksums, entity references). The model is consulted once per schema and property; entities
 * themselves are plain objects, so an export of millions of them stays cheap.
 */
let loadedModel: InstanceType<typeof followthemoneyModule.Model> | undefined;

/**
 * Aleph's model, read on the first entity: loading the package and building its model costs
 * ~0.15 s, which every command line run and the case worker paid at start for the FtM export alone.
 */
function model(): InstanceType<typeof followthemoneyModule.Model> {
  if (loadedModel === undefined) {
    const { Model, defaultModel } = createRequire(import.meta.url)('@alephdata/followthemoney') as typeof followthemoneyModule;
    loadedModel = new Model(defaultModel);
  }
  return loadedModel;
}

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

type PropertyCheck = { type: string; check: ((value: string) => boolean) | undefined };
/** Per schema, per property: looked up for every value of every entity, so no key is built per call. */
const propertyChecks = new Map<FtmSchema, Map<string, PropertyCheck>>();

function propertyCheck(schema: FtmSchema, property: string): PropertyCheck {
  let checks = propertyChecks.get(schema);
  if (checks === undefined) propertyChecks.set(schema, (checks = new Map()));
  let found = checks.get(property);
  if (found === undefined) {
    let modelProperty;
    try {
      modelProperty = model().getSchema(schema).getProperty(property);
    } catch {
      modelProperty = undefined;
    }
    if (!modelProperty) throw new ZeroMileError('internal', `FollowTheMoney's ${schema} has no property ${property}.`);
    const type = modelProperty.type.name as string;
    found = { type, check: TYPE_CHECKS[type] };
    checks.set(property, found);
  }
  return found;
}

/** The FtM type of `schema.property`, from the model; throws when the model has no such property. */
export function ftmPropertyType(schema: FtmSchema, property: string): string {
  return propertyCheck(schema, property).type;
}

/**
 * An entity of `schema`: empty values dropped, repeats dropped, every value checked against its
 * property's type. Called for every entity of an export (millions), so it makes no array or set
 * it does not keep.
 */
export function ftmEntity(schema: FtmSchema, id: string, values: FtmValues): FtmEntity {
  const properties: Record<string, string[]> = {};
  for (const name in values) {
    let kept: string[] | null = null;
    for (const value of values[name]!) {
      if (value === null || value === undefined || value === '') continue;
      const text = typeof value === 'string' ? value : String(value);
      if (kept === null) kept = [text];
      else if (!kept.includes(text)) kept.push(text);
    }
    if (kept === null) continue;
    const { type, check } = propertyCheck(schema, name);
    const bad = check ? kept.find((v) => !check(v)) : undefined;
    if (bad !== undefined) throw new ZeroMileError('internal', `FollowTheMoney ${schema}.${name} (${type}) cannot hold ${JSON.stringify(bad.slice(0, 200))}.`);
    properties[name] = kept;
  }
  return { id, schema, properties };
}

/** The entity as Aleph's model reads it back (tests: every exported line passes through the model). */
export function ftmThroughModel(entity: FtmEntity): FtmEntity {
  const built = model().getEntity({ id: entity.id, schema: entity.schema, properties: entity.properties });
  return built.toJSON() as FtmEntity;
}
