-- Sessions are looked up by sha256('session:' || token) from now on (server/auth/adapter.ts): hash the tokens of the
-- sessions already open so nobody is signed out and no live session token stays readable in the table.
UPDATE "Session"
   SET "sessionToken" = encode(sha256(convert_to('session:' || "sessionToken", 'UTF8')), 'hex')
 WHERE "sessionToken" !~ '^[0-9a-f]{64}$';
