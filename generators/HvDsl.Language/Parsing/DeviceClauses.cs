using System.Collections.Immutable;
using HvDsl.Language.Syntax;
using HvDsl.Language.Text;

namespace HvDsl.Language.Parsing;

/// <summary>Clauses of <c>register</c> and fields read straight from the token array when whole: no token view, result or query object per token.</summary>
/// <remarks>
/// Each is a <see cref="Sequence.TokenRead{T}"/> that gives what the clause's parser in <see cref="DeviceGrammar"/> gives, span
/// for span; on anything else it returns false and that parser runs, so every error is the parser's own.
/// </remarks>
internal static class DeviceClauses
{
    /// <summary><c>when Register.Field == value</c>, as <see cref="DeviceGrammar.Condition"/> reads it.</summary>
    public static bool Condition(TokenStream stream, ref int at, out ConditionSyntax condition)
    {
        condition = null!;
        var start = at;
        if (!stream.IsWord(start, "when") || Lexical.NameAt(stream, start + 1) is not { } register || !stream.Is(start + 2, '.')
            || Lexical.NameAt(stream, start + 3) is not { } field || !Joined(stream, start + 4, '=', '=')) return false;
        var value = start + 6;
        var number = Lexical.NumberAt(stream, value);
        var name = number is null ? Lexical.NameAt(stream, value) : null;
        if (number is null && name is null) return false;
        // The node's span leaves out 'when', as the condition parser's does.
        condition = Place(new ConditionSyntax(register, field, number) { ValueName = name }, stream, start + 1, value + 1);
        at = value + 1;
        return true;
    }

    /// <summary><c>on read -> A</c>, <c>on write -> B</c> or <c>on read -> A on write -> B</c>.</summary>
    public static bool Hooks(TokenStream stream, ref int at, out (NameSyntax? Read, NameSyntax? Write) hooks)
    {
        hooks = default;
        if (!stream.IsWord(at, "on")) return false;
        if (stream.IsWord(at + 1, "write"))
        {
            if (Target(stream, at + 2) is not { } written) return false;
            hooks = (null, written);
            at += 5;
            return true;
        }
        if (!stream.IsWord(at + 1, "read") || Target(stream, at + 2) is not { } read) return false;
        var next = at + 5;
        NameSyntax? write = null;
        if (stream.IsWord(next, "on"))
        {
            if (!stream.IsWord(next + 1, "write") || (write = Target(stream, next + 2)) is null) return false;
            next += 5;
        }
        hooks = (read, write);
        at = next;
        return true;
    }

    /// <summary><c>..hi</c> after a field's low bit.</summary>
    public static bool HighBit(TokenStream stream, ref int at, out NumberSyntax high)
    {
        high = null!;
        if (!Joined(stream, at, '.', '.') || Lexical.NumberAt(stream, at + 2) is not { } number) return false;
        high = number;
        at += 3;
        return true;
    }

    /// <summary><c>{ fields }</c> after a register.</summary>
    public static bool Fields(TokenStream stream, ref int at, out ImmutableArray<FieldSyntax> fields)
    {
        fields = default;
        if (!stream.Is(at, '{')) return false;
        var next = at + 1;
        ImmutableArray<FieldSyntax>.Builder? read = null;
        while (!stream.Is(next, '}'))
        {
            var field = DeviceGrammar.Field(stream.View(next));
            if (!field.WasSuccessful) return false;
            (read ??= ImmutableArray.CreateBuilder<FieldSyntax>()).Add(field.Value);
            next = ((Token)field.Remainder).Index;
        }
        fields = read is null ? ImmutableArray<FieldSyntax>.Empty : read.ToImmutable();
        at = next + 1;
        return true;
    }

    /// <summary><c>{ A = 0, B = 1 }</c> after a field.</summary>
    public static bool Values(TokenStream stream, ref int at, out ImmutableArray<EnumValueSyntax> values)
    {
        values = default;
        if (!stream.Is(at, '{')) return false;
        // Each value is four tokens, 'Name = number' then ',' or the closing '}': counted first, so the array is made once.
        var count = 0;
        for (var value = at + 1; ; value += 4)
        {
            if (stream.Cuts[value].Kind != TokenKind.Word || !stream.Is(value + 1, '=') || stream.Cuts[value + 2].Kind != TokenKind.Number) return false;
            count++;
            if (stream.Is(value + 3, '}')) break;
            if (!stream.Is(value + 3, ',')) return false;
        }
        var read = ImmutableArray.CreateBuilder<EnumValueSyntax>(count);
        var next = at + 1;
        for (var i = 0; i < count; i++, next += 4)
        {
            if (Lexical.NumberAt(stream, next + 2) is not { } number) return false;
            read.Add(Place(new EnumValueSyntax(Lexical.NameAt(stream, next)!, number), stream, next, next + 3));
        }
        values = read.MoveToImmutable();
        at = next;
        return true;
    }

    // '-> Name' at the token at index, as a hook's target.
    private static NameSyntax? Target(TokenStream stream, int index) => Joined(stream, index, '-', '>') ? Lexical.NameAt(stream, index + 2) : null;

    // Two punctuation tokens written together, as Lexical.Symbol matches "==", "->" and "..".
    private static bool Joined(TokenStream stream, int index, char first, char second) =>
        stream.Is(index, first) && stream.Is(index + 1, second) && stream.Cuts[index + 1].Start == stream.Cuts[index].End;

    // The span a node parser gives: the first token's first character to the last token's last (end is just past it).
    private static T Place<T>(T node, TokenStream stream, int start, int end) where T : SyntaxNode
    {
        node.TryPlace(SpanScope.Of(stream.Cuts[start].Start, stream.Cuts[end - 1].End - stream.Cuts[start].Start));
        return node;
    }
}
