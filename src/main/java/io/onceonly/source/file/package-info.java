/** Department file drops (CSV, Excel, JSON, JSON Lines) read as streams of rows, every bad row reported, none altered. */
package io.onceonly.source.file;
