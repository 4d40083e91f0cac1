// The rule catalogue's quantities (lib/rules/quantities.ts), for the validator's modules.
export { parseQuantity } from '../rules/quantities';
