/** The one workload every style implements, in JDK-neutral async types. */
package dev.asyncref.workload;
