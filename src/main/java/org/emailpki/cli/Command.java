package org.emailpki.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

/** One offline command-line command. */
interface Command {

  /** Runs with the arguments after the command name; returns the process exit status. */
  int run(String[] args, InputStream in, PrintStream out, PrintStream err);

  /** Whether an argument asks for the usage: {@code --help}, {@code -h} or {@code help}. */
  static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
  }

  /** Whether any argument is {@code --help} or {@code -h}: the command then prints its usage to standard output, status 0. */
  static boolean helpAsked(String[] args) {
    return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
  }
}
