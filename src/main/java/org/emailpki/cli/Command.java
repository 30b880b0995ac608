package org.emailpki.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** One offline command-line command. */
interface Command {

  /** Runs with the arguments after the command name; returns the process exit status. */
  int run(String[] args, InputStream in, PrintStream out, PrintStream err);
}
