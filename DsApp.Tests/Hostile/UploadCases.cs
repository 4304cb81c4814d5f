using static DsApp.Tests.Hostile.Bodies;

namespace DsApp.Tests.Hostile;

/// <summary>
/// Dataset uploads that are not tables this API takes: malformed CSV, JSON and NDJSON, bad UTF-8, empty bodies, headers
/// without records, names twice. Each is a 400 naming the line (or <c>body</c>, <c>columns</c>) and what is wrong.
/// </summary>
public static class UploadCases
{
    private const string Csv = "text/csv";
    private const string Json = "application/json";
    private const string Ndjson = "application/x-ndjson";

    public static IEnumerable<HostileCase> All()
    {
        // CSV: quoting
        yield return Post("csv-unclosed-quote", Csv, Utf8("a,b\n1,\"open\n2,3\n"), "line 2", "quote");
        yield return Post("csv-text-after-closing-quote", Csv, Utf8("a,b\n\"x\"y,1\n"), "line 2", "badly quoted");
        yield return Post("csv-quote-in-header-after-closing-quote", Csv, Utf8("\"a\"b,c\n1,2\n"), "line 1", "badly quoted");
        yield return Post("csv-doubled-quote-left-open", Csv, Utf8("a\n\"x\"\"\n"), "line 2", "quote");
        yield return Post("csv-unclosed-quote-until-the-record-limit", Csv, Utf8("a\n\"" + new string('x', 1_100_000)), "line 2", "unclosed quote");
        // CSV: shape
        yield return Post("csv-row-short", Csv, Utf8("a,b,c\n1,2,3\n4,5\n"), "line 3", "expected 3 fields, found 2");
        yield return Post("csv-row-long", Csv, Utf8("a,b\n1,2,3\n"), "line 2", "expected 2 fields, found 3");
        yield return Post("csv-row-of-five-thousand-fields", Csv, Utf8("a,b\n" + Repeat("1,", 4999) + "1\n"), "line 2", "found 5000");
        yield return Post("csv-quoted-newline-then-short-row", Csv, Utf8("a,b\n\"x\ny\",1\n2\n"), "found 1");
        yield return Post("csv-mixed-newlines-short-row", Csv, Utf8("a,b\r\n1,2\n3,4\r\n5\n"), "line 4", "found 1");
        yield return Post("csv-cr-newlines-short-row", Csv, Utf8("a,b\r1,2\r3\r"), "line 3", "found 1");
        // CSV: empty and header only
        yield return Post("csv-empty", Csv, [], "body", "empty");
        yield return Post("csv-bom-only", Csv, [0xEF, 0xBB, 0xBF], "body", "empty");
        yield return Post("csv-blank-lines-only", Csv, Utf8("\n\n\n"), "body", "empty");
        yield return Post("csv-header-only", Csv, Utf8("a,b\n"), "body", "no records");
        yield return Post("csv-header-only-crlf", Csv, Utf8("a,b\r\n"), "body", "no records");
        yield return Post("csv-header-only-no-newline", Csv, Utf8("a,b"), "body", "no records");
        yield return Post("csv-bom-and-header-only", Csv, Bytes(0xEF, 0xBB, 0xBF, "a,b\n"), "body", "no records");
        yield return Post("csv-header-and-blank-lines", Csv, Utf8("a,b\n\n\n"), "body", "no records");
        // CSV: column names
        yield return Post("csv-duplicate-header", Csv, Utf8("a,a\n1,2\n"), "columns", "repeats the name 'a'");
        yield return Post("csv-duplicate-quoted-header", Csv, Utf8("\"a\",a\n1,2\n"), "columns", "repeats the name 'a'");
        yield return Post("csv-empty-header-name", Csv, Utf8("a,,c\n1,2,3\n"), "columns", "column 2 has no name");
        yield return Post("csv-whitespace-header-name", Csv, Utf8("a, \n1,2\n"), "columns", "column 2 has no name");
        yield return Post("csv-all-header-names-empty", Csv, Utf8(",\n1,2\n"), "columns", "column 1 has no name");
        // CSV: encoding
        yield return Post("csv-lone-continuation-byte", Csv, Bytes("a\n", 0x80, "\n"), "line 2", "UTF-8");
        yield return Post("csv-overlong-slash", Csv, Bytes("a\n", 0xC0, 0xAF, "\n"), "line 2", "UTF-8");
        yield return Post("csv-utf8-encoded-surrogate", Csv, Bytes("a\n1\n", 0xED, 0xA0, 0x80, "\n"), "line 3", "UTF-8");
        yield return Post("csv-sequence-cut-at-the-end", Csv, Bytes("a\n1\n2", 0xE2, 0x82), "line 3", "UTF-8");
        yield return Post("csv-latin1-accent", Csv, Bytes("name\ncaf", 0xE9, "\n"), "line 2", "UTF-8");
        yield return Post("csv-utf16-with-bom", Csv, Bytes(0xFF, 0xFE, "a", 0, "\n", 0, "1", 0, "\n", 0), "line 1", "UTF-8");
        yield return Post("csv-byte-ff-in-header", Csv, Bytes("a,", 0xFF, "\n1,2\n"), "line 1", "UTF-8");
        yield return Post("csv-bad-byte-past-the-first-read", Csv, Bytes("a,b\n", Repeat("1,2\n", 20_000), 0xFF, "\n"), "line 20002", "UTF-8");

        // JSON: not an array of flat objects
        yield return Post("json-object-not-array", Json, Utf8("{\"a\": 1}"), "line 1", "expected an array of objects");
        yield return Post("json-string-not-array", Json, Utf8("\"text\""), "line 1", "expected an array");
        yield return Post("json-number-not-array", Json, Utf8("42"), "line 1", "expected an array");
        yield return Post("json-null-not-array", Json, Utf8("null"), "line 1", "expected an array");
        yield return Post("json-true-not-array", Json, Utf8("true"), "line 1", "expected an array");
        yield return Post("json-array-of-numbers", Json, Utf8("[1, 2]"), "line 1", "expected an object, found a number");
        yield return Post("json-array-of-strings", Json, Utf8("[\"a\"]"), "line 1", "expected an object, found a string");
        yield return Post("json-array-of-arrays", Json, Utf8("[[1, 2]]"), "line 1", "expected an object, found an array");
        yield return Post("json-array-of-nulls", Json, Utf8("[null]"), "line 1", "expected an object, found null");
        yield return Post("json-object-after-a-number", Json, Utf8("[{\"a\": 1},\n2]"), "line 2", "expected an object");
        yield return Post("json-nested-object", Json, Utf8("[{\"a\": {\"b\": 1}}]"), "line 1", "field 'a' holds a nested object");
        yield return Post("json-nested-array", Json, Utf8("[{\"a\": [1]}]"), "line 1", "field 'a' holds a nested array");
        yield return Post("json-deeply-nested-value", Json, Utf8($"[{{\"a\": {Nested(2000)}}}]"), "line 1", "nested array");
        yield return Post("json-deeply-nested-top", Json, Utf8(Nested(2000)), "line 1", "expected an object, found an array");
        yield return Post("json-field-not-in-the-first-object", Json, Utf8("[{\"a\": 1},\n{\"b\": 2}]"), "line 2", "field 'b' is not a column");
        yield return Post("json-field-twice", Json, Utf8("[{\"a\": 1, \"a\": 2}]"), "line 1", "field 'a' appears twice");
        yield return Post("json-empty-field-name", Json, Utf8("[{\"\": 1}]"), "line 1", "empty name");
        yield return Post("json-first-object-empty", Json, Utf8("[{}]"), "line 1", "no fields");
        // JSON: empty
        yield return Post("json-empty", Json, [], "body", "empty");
        yield return Post("json-whitespace-only", Json, Utf8("  \n\t "), "does not contain any JSON tokens");
        yield return Post("json-empty-array", Json, Utf8("[]"), "body", "empty");
        // JSON: not JSON
        yield return Post("json-unclosed-array", Json, Utf8("[{\"a\": 1}"), "line 1", "JSON");
        yield return Post("json-unclosed-string", Json, Utf8("[{\"a\": \"abc"), "line 1", "JSON");
        yield return Post("json-trailing-comma", Json, Utf8("[{\"a\": 1},]"), "line 1", "JSON");
        yield return Post("json-comment", Json, Utf8("[{\"a\": 1} /* note */]"), "line 1", "JSON");
        yield return Post("json-single-quotes", Json, Utf8("[{'a': 1}]"), "line 1", "JSON");
        yield return Post("json-nan-literal", Json, Utf8("[{\"a\": NaN}]"), "line 1", "JSON");
        yield return Post("json-infinity-literal", Json, Utf8("[{\"a\": Infinity}]"), "line 1", "JSON");
        yield return Post("json-leading-zero", Json, Utf8("[{\"a\": 01}]"), "line 1", "JSON");
        yield return Post("json-hex-number", Json, Utf8("[{\"a\": 0x10}]"), "line 1", "JSON");
        yield return Post("json-plus-sign", Json, Utf8("[{\"a\": +1}]"), "line 1", "JSON");
        yield return Post("json-capital-true", Json, Utf8("[{\"a\": True}]"), "line 1", "JSON");
        yield return Post("json-brackets-crossed", Json, Utf8("[{\"a\": 1]}"), "line 1", "JSON");
        yield return Post("json-raw-control-character", Json, Utf8("[{\"a\": \"x\u0001y\"}]"), "line 1", "JSON");
        yield return Post("json-text-after-the-array", Json, Utf8("[{\"a\": 1}] x"), "line 1", "after a single JSON value");
        yield return Post("json-two-arrays", Json, Utf8("[{\"a\": 1}]\n[{\"a\": 2}]"), "line 2", "after a single JSON value");
        yield return Post("json-bom-then-object", Json, Bytes(0xEF, 0xBB, 0xBF, "{\"a\": 1}"), "line 1", "expected an array");
        // JSON: encoding and numbers
        yield return Post("json-latin1-in-string", Json, Bytes("[{\"a\": \"caf", 0xE9, "\"}]"), "line 1", "UTF-8");
        yield return Post("json-escaped-lone-surrogate", Json, Utf8("[{\"a\": \"\\ud800\"}]"), "line 1", "surrogate");
        yield return Post("json-escaped-lone-surrogate-name", Json, Utf8("[{\"\\udc00\": 1}]"), "line 1", "surrogate");
        yield return Post("json-number-past-double", Json, Utf8("[{\"a\": 1},\n{\"a\": 1e999}]"), "line 2", "field 'a'", "out of the range");
        yield return Post("json-negative-number-past-double", Json, Utf8("[{\"a\": -1e999}]"), "line 1", "field 'a'", "out of the range");

        // NDJSON
        yield return Post("ndjson-array-line", Ndjson, Utf8("{\"a\": 1}\n[1]\n"), "line 2", "expected an object");
        yield return Post("ndjson-number-line", Ndjson, Utf8("5\n"), "line 1", "expected an object");
        yield return Post("ndjson-broken-line", Ndjson, Utf8("{\"a\": 1}\n{bad}\n"), "line 2", "not valid JSON");
        yield return Post("ndjson-broken-line-after-crlf", Ndjson, Utf8("{\"a\": 1}\r\n{\"a\": }\r\n"), "line 2", "not valid JSON");
        yield return Post("ndjson-blank-lines-only", Ndjson, Utf8("\n\n"), "body", "empty");
        yield return Post("ndjson-new-field", Ndjson, Utf8("{\"a\": 1}\n{\"b\": 1}\n"), "line 2", "field 'b' is not a column");
        yield return Post("ndjson-nested-object", Ndjson, Utf8("{\"a\": {\"b\": 1}}\n"), "line 1", "nested object");
        yield return Post("ndjson-bad-byte-on-line-3", Ndjson, Bytes("{\"a\": 1}\n{\"a\": 2}\n{\"a\": \"", 0xFE, "\"}\n"), "line 3", "UTF-8");

        // A new version of an existing dataset that fails leaves the dataset as it was.
        yield return Put("put-row-short", Csv, Utf8("a,b\n1\n"), "line 2", "expected 2 fields, found 1");
        yield return Put("put-json-object", Json, Utf8("{\"a\": 1}"), "line 1", "expected an array");
        yield return Put("put-empty", Csv, [], "body", "empty");
        yield return Put("put-bad-byte", Csv, Bytes("a,b\n1,", 0xC3, 0x28, "\n"), "line 2", "UTF-8");
        yield return Put("put-header-only", Csv, Utf8("a,b\n"), "body", "no records");
        // Through the gateway: the service's answer reaches the client as it was.
        yield return Post("gateway-csv-row-short", Csv, Utf8("a,b\n1\n"), "line 2", "expected 2 fields, found 1") with { Door = Door.Gateway };
        yield return Post("gateway-json-nested", Json, Utf8("[{\"a\": [1]}]"), "line 1", "nested array") with { Door = Door.Gateway };
    }

    private static HostileCase Post(string name, string contentType, byte[] body, params string[] names) =>
        new($"uploads/{name}", Door.Ingest, "POST", "/api/datasets?id={new}", 400, names) { ContentType = contentType, Body = body };

    private static HostileCase Put(string name, string contentType, byte[] body, params string[] names) =>
        new($"uploads/{name}", Door.Ingest, "PUT", $"/api/datasets/{HostileStack.Dataset}", 400, names) { ContentType = contentType, Body = body };
}
