import { types } from 'pg';

// bigint (int8) columns hold money in minor units, ids and counts. JavaScript numbers are exact up to 2^53,
// far above any amount this shop handles; refusing larger values keeps "correct to the cent" a guarantee.
types.setTypeParser(types.builtins.INT8, (text: string) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`int8 value ${text} exceeds the safe integer range`);
  return value;
});
// `date` stays the "yyyy-MM-dd" text it is; a JS Date would shift it by the process's time zone.
types.setTypeParser(types.builtins.DATE, (text: string) => text);
