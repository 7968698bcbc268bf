DROP FUNCTION {schema}.enqueue(text, jsonb, text, integer, timestamptz, integer, text[], jsonb, text);
