package org.emailpki.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs JDBC work in one transaction: committed when the work returns, rolled back when it throws. */
@ApplicationScoped
public class Transactions {

  /** Work done with a connection inside a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;

  @Inject
  public Transactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public <T> T run(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }
}
