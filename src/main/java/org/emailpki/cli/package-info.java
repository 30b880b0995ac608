/** The command line: the entry point and one class per offline command. */
package org.emailpki.cli;
