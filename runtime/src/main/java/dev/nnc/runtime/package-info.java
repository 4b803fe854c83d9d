/** What a compiled nnc model needs at run time. Depends on the JDK alone. */
package dev.nnc.runtime;
