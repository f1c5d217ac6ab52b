// runtime: common (no node, no DOM, no electron)
// The plan capability's methods. Owned by the plan work; filled as it lands.

export const planMethods = {};
