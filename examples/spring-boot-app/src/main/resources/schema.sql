CREATE TABLE IF NOT EXISTS plan (
    name  text PRIMARY KEY,
    seats int  NOT NULL CHECK (seats >= 0)
);
CREATE TABLE IF NOT EXISTS account (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text        NOT NULL UNIQUE,
    plan        text        NOT NULL REFERENCES plan,
    created_at  timestamptz NOT NULL DEFAULT now(),
    welcomed_at timestamptz
);
INSERT INTO plan (name, seats) VALUES ('team', 3) ON CONFLICT DO NOTHING;
