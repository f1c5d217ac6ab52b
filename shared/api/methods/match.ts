// runtime: common (no node, no DOM, no electron)
// The match capability's methods. Owned by the match work; filled as it lands.

export const matchMethods = {};
