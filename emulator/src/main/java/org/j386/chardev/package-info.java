/**
 * Character backends on TCP (QEMU's {@code -chardev socket}, docs "Character device options"):
 * {@code -serial tcp:[HOST]:PORT,server[,wait|,nowait]}, {@code -serial telnet:[HOST]:PORT,server}
 * and {@code -monitor tcp:...}/{@code telnet:...}, on Netty, one client at a time.
 *
 * <p>Line discipline, the same for every serial port: guest output while no client is connected
 * is dropped, as on a disconnected cable; output a slow client cannot take is dropped once a
 * bounded buffer is full (the guest is never stalled: the UART has no modem flow control
 * wired to the socket); input from the client is never dropped or reordered (it goes into the
 * UART's host queue). Left out: client mode ({@code server=off}), {@code reconnect}, Unix
 * sockets, TLS, websockets.
 */
package org.j386.chardev;
