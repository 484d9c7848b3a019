/**
 * The request an operation runs for, as SLF4J's MDC carries it: the caller's correlation id and the
 * operation's name. Common only reads them (the services, the domain exceptions, the end-of-operation log
 * line); each style carries them across its own thread hops, its own way.
 */
package dev.asyncref.context;
