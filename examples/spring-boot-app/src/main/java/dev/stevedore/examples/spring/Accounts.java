package dev.stevedore.examples.spring;

import dev.stevedore.Stevedore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Signs accounts up: the account, its plan seat and its welcome e-mail job commit together, or none does. */
@Service
public class Accounts {
    private final JdbcClient jdbc;
    private final Stevedore stevedore;

    public Accounts(JdbcClient jdbc, Stevedore stevedore) {
        this.jdbc = jdbc;
        this.stevedore = stevedore;
    }

    /**
     * Stores the account, enqueues its welcome e-mail and takes a seat of {@code plan}, in this
     * transaction. When the plan has no seat left, the seat's check constraint fails after the enqueue
     * and the rollback takes the account and the job with it: no e-mail for an account that does not exist.
     */
    @Transactional
    public long signUp(String email, String plan) {
        long id = jdbc.sql("INSERT INTO account (email, plan) VALUES (?, ?) RETURNING id").param(email).param(plan)
                .query(Long.class).single();
        stevedore.enqueue(new WelcomeEmail(id));
        jdbc.sql("UPDATE plan SET seats = seats - 1 WHERE name = ?").param(plan).update();
        return id;
    }

    /** Whether the account's welcome e-mail went out. */
    public boolean welcomed(long id) {
        return jdbc.sql("SELECT welcomed_at IS NOT NULL FROM account WHERE id = ?").param(id).query(Boolean.class).single();
    }
}
