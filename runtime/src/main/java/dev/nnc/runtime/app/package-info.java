/**
 * Compiled model jars as applications use them: {@link dev.nnc.runtime.app.Models} loads the
 * model a jar holds, with the runtime alone on the class path.
 */
package dev.nnc.runtime.app;
