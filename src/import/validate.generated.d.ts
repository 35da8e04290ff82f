// Types for the validator that scripts/gen-validator.mjs generates from src/import/schema.json.
import type { ErrorObject } from "ajv";
export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
export declare const validate: ValidateFunction;
export default validate;
