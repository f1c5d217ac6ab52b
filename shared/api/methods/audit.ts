// runtime: common (no node, no DOM, no electron)
// The audit capability's methods. Owned by the audit work; filled as it lands.

export const auditMethods = {};
