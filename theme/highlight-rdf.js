// Turtle and SPARQL for the book's code blocks: two highlight.js languages for the highlight.js that mdBook
// bundles (10.1), which has neither. Installed at the site's root by `cargo xtask build` and loaded by
// theme/head.hbs as a classic script in <head>, so it runs before highlight.js: it registers both languages the
// moment highlight.js defines `hljs`, before book.js highlights the page. No network.
// Tokens: keywords, prefixed names, IRIs <...>, strings with language tags and datatypes, numbers, comments,
// blank nodes and (SPARQL) variables ?x / $x. The slides highlight the same languages at build time with syntect
// (xtask/book-compiler/src/slides/syntaxes/).
(function () {
    "use strict";

    // PN_PREFIX ":" PN_LOCAL of Turtle and SPARQL, simplified: letters, digits, "_", "-", inner dots, %xx escapes
    const PREFIX = "[A-Za-z](?:[\\w-]|\\.(?=[\\w-]))*";
    const LOCAL = "(?:[\\w-]|%[0-9A-Fa-f]{2}|\\\\[^\\s]|\\.(?=[\\w-]))*";
    const PREFIXED_NAME = "(?:" + PREFIX + ")?:" + LOCAL;
    const IRI = "<[^<>\"{}|^`\\\\\\s]*>";

    function common(hljs) {
        return [
            hljs.HASH_COMMENT_MODE,
            // long strings first, then the short ones (one line each)
            { className: "string", begin: /"""/, end: /"""/, contains: [hljs.BACKSLASH_ESCAPE] },
            { className: "string", begin: /'''/, end: /'''/, contains: [hljs.BACKSLASH_ESCAPE] },
            { className: "string", begin: /"(?:[^"\\\n]|\\.)*"/ },
            { className: "string", begin: /'(?:[^'\\\n]|\\.)*'/ },
            // a literal's datatype (^^xsd:decimal, ^^<...>)
            { className: "type", begin: new RegExp("\\^\\^(?:" + IRI + "|" + PREFIXED_NAME + ")") },
            { className: "link", begin: new RegExp(IRI) },
            { className: "variable", begin: /_:[\w-]+(?:\.[\w-]+)*/ },
            { className: "title", begin: new RegExp(PREFIXED_NAME) },
            { className: "number", begin: /\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b/ },
        ];
    }

    // a string's language tag (@en, @en-GB); in Turtle after @prefix and @base
    const LANGUAGE_TAG = { className: "meta", begin: /@[A-Za-z]+(?:-[A-Za-z0-9]+)*/ };

    function turtle(hljs) {
        return {
            name: "Turtle",
            aliases: ["ttl"],
            keywords: { $pattern: /[A-Za-z_]\w*/, keyword: "a PREFIX BASE prefix base", literal: "true false" },
            contains: [{ className: "keyword", begin: /@(?:prefix|base)\b/ }, LANGUAGE_TAG].concat(common(hljs)),
        };
    }

    function sparql(hljs) {
        return {
            name: "SPARQL",
            aliases: ["rq"],
            case_insensitive: true,
            keywords: {
                $pattern: /[A-Za-z_]\w*/,
                keyword:
                    "a base prefix select construct describe ask where from named optional filter union minus graph " +
                    "service silent bind as values distinct reduced order by asc desc limit offset group having " +
                    "insert delete data with using default all load clear drop create add move copy to into not " +
                    "exists in undef separator",
                literal: "true false",
                built_in:
                    "str lang langmatches datatype bound iri uri bnode rand abs ceil floor round concat strlen ucase " +
                    "lcase encode_for_uri contains strstarts strends strbefore strafter year month day hours minutes " +
                    "seconds timezone tz now uuid struuid md5 sha1 sha256 sha384 sha512 coalesce if strlang strdt " +
                    "sameterm isiri isuri isblank isliteral isnumeric regex substr replace count sum min max avg " +
                    "sample group_concat",
            },
            contains: [{ className: "variable", begin: /[?$][\w]+/ }, LANGUAGE_TAG].concat(common(hljs)),
        };
    }

    function register(hljs) {
        if (!hljs || typeof hljs.registerLanguage !== "function") return;
        hljs.registerLanguage("turtle", turtle);
        hljs.registerLanguage("sparql", sparql);
    }

    if (window.hljs) {
        register(window.hljs);
        return;
    }
    // highlight.js declares `var hljs = ...` at the top level: the assignment goes through this setter, which
    // turns the property back into a plain one and registers the languages before book.js runs
    Object.defineProperty(window, "hljs", {
        configurable: true,
        enumerable: true,
        get() {
            return undefined;
        },
        set(value) {
            Object.defineProperty(window, "hljs", { value: value, writable: true, configurable: true, enumerable: true });
            register(value);
        },
    });
})();
