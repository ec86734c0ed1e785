// The Linux calls Swift's Glibc module does not expose: epoll and eventfd live in headers
// SwiftGlibc.h does not include, and accept4 is declared only under _GNU_SOURCE.
#ifndef HERALD_CSYSTEM_H
#define HERALD_CSYSTEM_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
extern int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
#endif
