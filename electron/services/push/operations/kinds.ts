// runtime: node
/**
 * Every operation kind, listed once in shared/plan/operations.ts (the contract, the renderer and
 * the audit name them too). The registry (index.ts) must hold one operation module per kind.
 */
export { OPERATION_KINDS, type OperationKind } from '../../../../shared/plan/operations';
