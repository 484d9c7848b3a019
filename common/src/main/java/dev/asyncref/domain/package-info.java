/**
 * The pizzeria's domain: plain records shared by every style, the menu, order validation and the
 * exceptions every style surfaces unchanged.
 */
package dev.asyncref.domain;
