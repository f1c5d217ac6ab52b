// runtime: node
/** SQL of the store's own: the [a, b] pairs of a JSON array bound as the one parameter (composite keys such as "pipeline:status"). */
export const PAIRS = "SELECT json_extract(value, '$[0]') AS a, json_extract(value, '$[1]') AS b FROM json_each(?)";
