#!/bin/sh
# make install into a temporary DESTDIR, then build and run a program
# against the installed header, pkg-config file and shared library.
BUILD=${BUILD:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/e2e/lib/check.sh

make -s install BUILD="$BUILD" PREFIX=/usr DESTDIR="$T" SAN="$SAN" >"$T/log" 2>&1
check "make install succeeds" test $? -eq 0
for f in bin/storyline include/storyline.h lib/libstoryline.a lib/libstoryline.so \
         lib/pkgconfig/storyline.pc share/man/man1/storyline.1; do
    check "installs $f" test -e "$T/usr/$f"
done
cat >"$T/use.c" <<'C'
#include <stdio.h>
#include <storyline.h>
int main(void)
{
    sl_corpus *c;
    sl_article *a, *b;
    sl_dedup *d;
    if (sl_corpus_new(&c, NULL) || sl_article_new(&a) || sl_article_new(&b))
        return 1;
    const char *t = "Rescuers searched the collapsed building on Sunday. "
                    "Officials said eleven people were missing after the blast.";
    if (sl_article_set(a, "id", "a") || sl_article_set(a, "text", t) ||
        sl_article_set(b, "id", "b") || sl_article_set(b, "text", t))
        return 1;
    if (sl_corpus_add(c, a) || sl_corpus_add(c, b) || sl_dedup_run(&d, c))
        return 1;
    printf("%zu %s\n", d->ngroups, sl_relation_name(d->groups[0].kind));
    sl_dedup_free(d);
    sl_corpus_free(c);
    return 0;
}
C
PC="$T/usr/lib/pkgconfig"
flags=$(PKG_CONFIG_PATH="$PC" PKG_CONFIG_SYSROOT_DIR="$T" pkg-config --cflags --libs storyline)
check "pkg-config knows storyline" test -n "$flags"
${CC:-cc} $SAN -o "$T/use" "$T/use.c" $flags >"$T/log" 2>&1
check "a program builds against the installed library" test $? -eq 0
out=$(LD_LIBRARY_PATH="$T/usr/lib" "$T/use" 2>&1)
check "and runs: one duplicate group ($out)" test "$out" = "1 duplicate"
n=$(nm -D "$T/usr/lib/libstoryline.so" | awk '$2 == "T" && $3 ~ /^sl__/' | wc -l)
check "no internal sl__ symbol exported" test "$n" -eq 0
check "installed command runs" test "$("$T/usr/bin/storyline" --version)" = "storyline 0.1.0"
exit 0
