using System.Collections.Generic;

namespace HvDsl.Language.Emitting;

/// <summary>Every C# keyword, reserved and contextual (C# 14), which a spec name must not become unescaped.</summary>
internal static class CSharpKeywords
{
    // Contextual keywords are escaped too: '@var' is always a name, while 'var', 'field' or 'partial' change meaning by position.
    private static readonly HashSet<string> All = new(System.StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock", "long",
        "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected", "public",
        "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string", "struct", "switch",
        "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void",
        "volatile", "while", "__arglist", "__makeref", "__reftype", "__refvalue",
        "add", "alias", "allows", "and", "args", "ascending", "async", "await", "by", "descending", "dynamic", "equals",
        "extension", "field", "file", "from", "get", "global", "group", "init", "into", "join", "let", "managed", "nameof",
        "nint", "not", "notnull", "nuint", "on", "or", "orderby", "partial", "record", "remove", "required", "scoped", "select",
        "set", "unmanaged", "value", "var", "when", "where", "with", "yield",
    };

    /// <summary>True when <paramref name="name"/> is a C# keyword.</summary>
    public static bool Contains(string name) => All.Contains(name);
}
