/** Time values as tsnlat's users write them (durations with units) and as it prints them. */
package org.tsnlat.time;
