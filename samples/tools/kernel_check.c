// SPDX-License-Identifier: GPL-2.0
/* kernel_check: load each program of a sample object into the running Linux
 * kernel, one program at a time, and print ACCEPT or REJECT with the last
 * lines of the kernel verifier log. Used to fill the "linux" fields of
 * samples/inventory.json. Nothing is pinned or attached; every object is
 * closed (and so unloaded) right away.
 *
 *   gcc -O1 -o /tmp/kernel_check samples/tools/kernel_check.c -lbpf
 *   /tmp/kernel_check samples/xdp_proto_count.o             # as root
 *   capsh --drop=cap_sys_admin,cap_perfmon -- -c '/tmp/kernel_check samples/unsafe_pointer_leak.o'
 *
 * ALL=1 loads every program of the object each time (needed by tail_call.o,
 * whose prog array initial values refer to the other programs) and reports
 * the one named on the line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

static char logbuf[1 << 28];

static int quiet(enum libbpf_print_level l, const char *f, va_list a)
{
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *probe, *o;
	struct bpf_program *p;
	char names[64][128];
	int n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OBJECT.o\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);
	probe = bpf_object__open_file(argv[1], NULL);
	if (!probe) {
		printf("OPEN-FAIL %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	bpf_object__for_each_program(p, probe)
		if (n < 64)
			snprintf(names[n++], sizeof(names[0]), "%s", bpf_program__name(p));
	bpf_object__close(probe);

	for (int i = 0; i < n; i++) {
		int err;

		o = bpf_object__open_file(argv[1], NULL);
		if (!o)
			return 1;
		bpf_object__for_each_program(p, o) {
			int me = !strcmp(bpf_program__name(p), names[i]);

			if (!me && !getenv("ALL"))
				bpf_program__set_autoload(p, false);
			if (me) {
				logbuf[0] = 0;
				bpf_program__set_log_buf(p, logbuf, sizeof(logbuf));
				bpf_program__set_log_level(p, 1);
			}
		}
		err = bpf_object__load(o);
		if (!err) {
			printf("  %-22s ACCEPT\n", names[i]);
		} else {
			/* print the two non-empty lines before "processed N insns" */
			static char *lines[1 << 20];
			char *s = logbuf, *t;
			int k = 0, at = -1;

			while ((t = strsep(&s, "\n")) && k < (1 << 20))
				if (*t)
					lines[k++] = t;
			for (int j = 0; j < k; j++)
				if (!strncmp(lines[j], "processed", 9)) {
					at = j;
					break;
				}
			printf("  %-22s REJECT err=%d: %s | %s\n", names[i], err,
			       at > 1 ? lines[at - 2] : "",
			       at > 0 ? lines[at - 1] : (k ? lines[k - 1] : "(no log)"));
		}
		bpf_object__close(o);
	}
	return 0;
}
