/**
 * The human monitor: QEMU's monitor commands ({@code info registers}, {@code info mem},
 * {@code info tlb}, {@code info pic}, {@code info irq}, {@code x}, {@code xp}, {@code stop},
 * {@code cont}, {@code system_reset}, {@code quit}), printing QEMU 7.2's formats byte for byte so
 * a person who knows QEMU reads them at once, plus {@code info tlbcache}: the software TLB's real
 * entries, with those the page tables no longer back marked stale.
 */
package org.j386.monitor;
