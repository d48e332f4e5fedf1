# j386: build everything, run the kernel, run every test.
# `make run` and `make test` are the two commands a newcomer needs (README.md).

SHELL := /bin/bash
ROOT  := $(abspath .)
BUILD := $(ROOT)/build
MVN   := mvn -q -B
JAR   := emulator/target/j386.jar
KERNEL := $(BUILD)/minikernel.elf

# Debian packages the build and the tests need; `make deps` installs the missing ones.
# libcapstone4 (which qemu-system-x86 pulls in too) is the disassembler oracle: QEMU 7.2 prints with it.
# Bochs boots guests from a GRUB rescue ISO: the 386-faithful oracle of the protected-mode tests.
DEB_PACKAGES := gcc-multilib qemu-system-x86 libcapstone4 libunicorn2 libunicorn-dev gdb make \
	bochs bochs-sdl bochsbios vgabios grub-pc-bin grub-common xorriso mtools nasm

.PHONY: all deps build jar kernel guest-tests initramfs bench-guests run test bench bench-compare clean

all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: deps jar kernel guest-tests initramfs bench-guests

jar:
	$(MVN) -DskipTests package

kernel:
	$(MAKE) -C minikernel BUILD=$(BUILD)

# The minikernel's user programs, packed into $(BUILD)/initramfs.cpio (QEMU: -initrd).
initramfs:
	$(MAKE) -C guest-programs BUILD=$(BUILD)

# Bare-metal guest programs the emulator's tests boot on j386, QEMU and Bochs.
guest-tests:
	$(MAKE) -C emulator/src/test/guest BUILD=$(BUILD)

# The benchmark guests (one workload each) into $(BUILD)/bench-guests; JMH and bench-compare boot them.
bench-guests:
	$(MAKE) -C benchmarks/guest BUILD=$(BUILD)

# The kernel with the initramfs, and a shell on the serial console (exit powers off; Ctrl-A x quits).
run: build
	./j386 -kernel $(KERNEL) -initrd $(BUILD)/initramfs.cpio -append "init=/bin/sh" -nographic

# Not quiet: Surefire's per-class and closing "Tests run:" lines are what CI reads; the last line
# sums every module's reports as "N passed, N failed".
test: build
	mvn -B -ntp verify
	@cat emulator/target/surefire-reports/*.txt benchmarks/target/surefire-reports/*.txt 2>/dev/null \
	  | awk -F'[:,]' '/^Tests run/ {n += $$2; f += $$4 + $$6; s += $$8} \
	    END {printf "tests: %d passed, %d failed, %d skipped\n", n - f - s, f, s}'

# JMH: every benchmark, JSON under build/bench/. `make bench BENCH=InstructionsBench` runs a subset
# (a JMH regexp). The forked JVMs inherit -Dj386.build.dir and find the guest images with it.
bench: build
	mkdir -p $(BUILD)/bench
	java -Dj386.build.dir=$(BUILD) -jar benchmarks/target/benchmarks.jar -rf json -rff $(BUILD)/bench/jmh.json $(BENCH)

# The benchmark guests on ./j386 and on qemu-system-i386 -M isapc, RUNS times each (default 5):
# wall times less the null guest's start-up, j386/QEMU ratios, resident memory after a boot with
# -m 128; $(BUILD)/bench/compare.json and compare.png.
bench-compare: build
	mkdir -p $(BUILD)/bench
	java -cp benchmarks/target/benchmarks.jar org.j386.bench.compare.Compare \
	  --build $(BUILD) --runs $(or $(RUNS),5) --out $(BUILD)/bench

clean:
	rm -rf $(BUILD)
	$(MVN) clean

# Boots the kernel on qemu-system-i386 -M isapc and on j386 with the same options and prints
# `diff -u` of the two serial transcripts, each ending with its exit status; fails if they differ.
# `make compare APPEND="proc=meminfo" MEM=256` passes -append and -m to both.
.PHONY: compare
COMPARE_DIR   := $(BUILD)/compare
COMPARE_FLAGS := -m $(or $(MEM),128) -display none -serial stdio \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -no-reboot -kernel $(KERNEL) \
	$(if $(APPEND),-append "$(APPEND)")
compare: jar kernel
	@mkdir -p $(COMPARE_DIR)
	@timeout 60 qemu-system-i386 -M isapc $(COMPARE_FLAGS) </dev/null >$(COMPARE_DIR)/qemu.txt; \
	  echo "[exit status $$?]" >>$(COMPARE_DIR)/qemu.txt
	@timeout 600 ./j386 $(COMPARE_FLAGS) </dev/null >$(COMPARE_DIR)/j386.txt; \
	  echo "[exit status $$?]" >>$(COMPARE_DIR)/j386.txt
	@diff -u --label "qemu-system-i386 -M isapc" --label "j386" $(COMPARE_DIR)/qemu.txt $(COMPARE_DIR)/j386.txt \
	  && echo "make compare: identical transcripts ($(COMPARE_DIR)/qemu.txt)"

# The CPU differential against Unicorn 2.0.1 (issue 4): `make fuzz-cpu CASES=N SEED=S` runs N
# random single-instruction cases from seed S (defaults: the 200,000 cases of seed 1386 that
# `make test` runs); `make fuzz-cpu CASE='<a printed DIFF line>'` reruns that one case. Prints the
# case count, coverage per mnemonic and every difference (the first 20 as reproducible lines).
.PHONY: fuzz-cpu
fuzz-cpu:
	$(MVN) -pl emulator test -Dtest='CpuDifferentialTest#j386AgreesWithUnicorn' \
	  -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.trimStackTrace=true \
	  -Dj386.fuzz.cases=$(or $(CASES),200000) -Dj386.fuzz.seed=$(or $(SEED),1386) \
	  $(if $(CASE),"-Dj386.fuzz.case=$(CASE)")
