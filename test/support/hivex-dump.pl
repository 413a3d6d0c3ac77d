#!/usr/bin/perl
# Dumps a registry hive with hivex (Win::Hivex), as an independent oracle for tests.
#
# Usage: perl hivex-dump.pl HIVE_FILE
#
# Prints one JSON object per key, depth-first, keys in the order hivex returns them:
#   {"path":"\\A\\B","values":[{"name":"","type":1,"data":"<lowercase hex>"}]}
# The root's path is "\"; a child's path is its parent's path + "\" + its name (no doubled
# backslash under the root). Values are listed in stored order. Output is UTF-8, one object a line.
# Exits non-zero (hivex's error on stderr) when hivex cannot open or read the hive.
use strict;
use warnings;
use Encode ();
use JSON::PP ();
use Win::Hivex;

die "usage: $0 HIVE_FILE\n" unless @ARGV == 1;
my $file = $ARGV[0];

# Read-only open: no 'write' flag, no 'unsafe' heuristics.
my $h = Win::Hivex->open($file);

# Encodes one Perl (character) string or number as JSON; emits UTF-8 bytes.
my $json = JSON::PP->new->utf8->allow_nonref;

binmode STDOUT;

# hivex recodes names to UTF-8; depending on the binding version they arrive as character strings
# (UTF-8 flag on) or as UTF-8 bytes. Return a character string either way.
sub text {
    my ($s) = @_;
    return $s if utf8::is_utf8($s);
    return Encode::decode('UTF-8', $s, Encode::FB_CROAK);
}

sub value_json {
    my ($value) = @_;
    my $name = text($h->value_key($value));
    my ($type, $data) = $h->value_value($value);
    return '{"name":' . $json->encode($name)
         . ',"type":' . $json->encode(0 + $type)
         . ',"data":' . $json->encode(unpack('H*', $data)) . '}';
}

sub key_json {
    my ($node, $path) = @_;
    my @values = map { value_json($_) } $h->node_values($node);
    return '{"path":' . $json->encode($path) . ',"values":[' . join(',', @values) . ']}';
}

# Iterative depth-first walk (no recursion limit on deep trees).
my @stack = ([$h->root, "\\"]);
while (@stack) {
    my ($node, $path) = @{ pop @stack };
    print key_json($node, $path), "\n";
    my @children = $h->node_children($node);
    for my $child (reverse @children) {
        my $name = text($h->node_name($child));
        push @stack, [$child, $path eq "\\" ? "\\$name" : "$path\\$name"];
    }
}
