using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HvDsl.Language.Syntax;
using Sprache;
using static HvDsl.Language.Parsing.Lexical;

namespace HvDsl.Language.Parsing;

/// <summary>Productions of <c>device</c>: settings, registers, bank conditions, fields and named values.</summary>
internal static class DeviceGrammar
{
    // The clauses the hand-read productions name, looked up once rather than on every register.
    private static readonly Parser<string> RegisterKeyword = Keyword("register");
    private static readonly Parser<string> At = Symbol("@");
    private static readonly Parser<string> Colon = Symbol(":");
    private static readonly Parser<string> EqualsSign = Symbol("=");

    // The clauses read straight from the tokens, as delegates made once.
    private static readonly Sequence.TokenRead<NumberSyntax> FastHighBit = DeviceClauses.HighBit;
    private static readonly Sequence.TokenRead<ImmutableArray<EnumValueSyntax>> FastValues = DeviceClauses.Values;
    private static readonly Sequence.TokenRead<ConditionSyntax> FastCondition = DeviceClauses.Condition;
    private static readonly Sequence.TokenRead<(NameSyntax? Read, NameSyntax? Write)> FastHooks = DeviceClauses.Hooks;
    private static readonly Sequence.TokenRead<ImmutableArray<FieldSyntax>> FastFields = DeviceClauses.Fields;
    private static readonly Sequence.TokenRead<DeviceMemberSyntax> FastMember = RegisterMember;

    /// <summary><c>Name = value</c>.</summary>
    public static readonly Parser<EnumValueSyntax> EnumValue = input =>
    {
        var clauses = new Sequence(input);
        return clauses.ReadName(out var name) && clauses.Read(EqualsSign, '=') && clauses.ReadNumber(out var value)
            ? clauses.Success(new EnumValueSyntax(name, value))
            : clauses.Failure<EnumValueSyntax>();
    };

    /// <summary><c>{ A = 0, B = 1 }</c> or <c>;</c> after a field.</summary>
    private static readonly Parser<ImmutableArray<EnumValueSyntax>> FieldEnd =
        (from open in Symbol("{")
         from values in EnumValue.XDelimitedBy(Comma)
         from close in Symbol("}")
         select values.ToImmutableArray())
        .XOr(Semicolon.Return(ImmutableArray<EnumValueSyntax>.Empty));

    private static readonly Parser<NumberSyntax> Reset = Keyword("reset").Then(_ => Number);

    private static readonly Parser<IOption<NumberSyntax>> ResetClause = Reset.XOptional();

    private static readonly Parser<NumberSyntax> HighBit = Symbol("..").Then(_ => Number);

    private static readonly Parser<NameSyntax> EnumType = Keyword("as").Then(_ => Name);

    /// <summary><c>/// doc</c> <c>Name @lo..hi access reset v as Enum { values }</c>.</summary>
    public static readonly Parser<FieldSyntax> Field = input =>
    {
        var clauses = new Sequence(input);
        var doc = clauses.Docs;
        if (!(clauses.ReadName(out var name) && clauses.Read(At, '@') && clauses.ReadNumber(out var low)
            && clauses.Optional(HighBit, FastHighBit, out var high))) return clauses.Failure<FieldSyntax>();
        var access = clauses.OptionalAccess();
        return clauses.OptionalNumber(Reset, "reset", out var reset) && clauses.Optional(EnumType, out var type) && clauses.ReadEnd(FieldEnd, FastValues, out var values)
            ? clauses.Success(new FieldSyntax(doc, name, low, high, access, reset, values) { EnumType = type })
            : clauses.Failure<FieldSyntax>();
    };

    // A condition's value: a number, or the name of one of the field's values (resolved by the binder).
    private static readonly Parser<(NumberSyntax? Number, NameSyntax? Name)> ConditionValue =
        Number.Select(n => ((NumberSyntax?)n, (NameSyntax?)null)).XOr(Name.Select(n => ((NumberSyntax?)null, (NameSyntax?)n))).Named("a number or a named value");

    private static readonly Parser<ConditionSyntax> Selector = Node(
        from register in Name
        from dot in Symbol(".")
        from field in Name
        from eq in Symbol("==")
        from value in ConditionValue
        select new ConditionSyntax(register, field, value.Number) { ValueName = value.Name });

    /// <summary><c>when Register.Field == value</c>.</summary>
    public static readonly Parser<ConditionSyntax> Condition = Keyword("when").Then(_ => Selector);

    private static readonly Parser<NameSyntax> HookTarget = Symbol("->").Then(_ => Name);

    /// <summary><c>on read -> A</c>, <c>on write -> B</c> or <c>on read -> A on write -> B</c>.</summary>
    private static readonly Parser<IOption<NameSyntax>> WriteAfterRead = Keyword("on").Then(_ => Keyword("write")).Then(_ => HookTarget).XOptional();

    private static readonly Parser<(NameSyntax? Read, NameSyntax? Write)> ReadAndWriteHooks =
        (from read in Keyword("read").Then(_ => HookTarget)
         from write in WriteAfterRead
         select ((NameSyntax?)read, write.GetOrDefault()))
        .XOr(from write in Keyword("write").Then(_ => HookTarget) select ((NameSyntax?)null, (NameSyntax?)write));

    private static readonly Parser<(NameSyntax? Read, NameSyntax? Write)> Hooks = Keyword("on").Then(_ => ReadAndWriteHooks);

    private static readonly Parser<NumberSyntax> ArrayCount = Symbol("[").Then(_ => Number).Then(n => Symbol("]").Return(n));

    private static readonly Parser<NumberSyntax> Stride = Keyword("stride").Then(_ => Number);

    private static readonly Parser<IEnumerable<NumberSyntax>> RegisterAccessWidths = Keyword("access").Then(_ => Number.XDelimitedBy(Comma));

    private static readonly Parser<NameSyntax> BeforeReadHook = Keyword("before").Then(_ => Keyword("read")).Then(_ => HookTarget);

    private static readonly Parser<ImmutableArray<FieldSyntax>> RegisterEnd =
        (from open in Symbol("{")
         from fields in Field.XMany()
         from close in Close("a field")
         select fields.ToImmutableArray())
        .XOr(Semicolon.Return(ImmutableArray<FieldSyntax>.Empty));

    /// <summary><c>/// doc</c> <c>register Name[n] @offset stride s : u8 rw access 1, 2 computed reset v reserved when R.F == v before read -> P on read -> A { fields }</c>.</summary>
    public static readonly Parser<RegisterSyntax> Register = input =>
    {
        var clauses = new Sequence(input);
        return ReadRegister(ref clauses) is { } register ? clauses.Success(register) : clauses.Failure<RegisterSyntax>();
    };

    /// <summary>
    /// A device member read straight from the tokens when it is a whole, well-formed register: no token view or result for it;
    /// false, having decided nothing, for <see cref="Member"/> to run and fail as it would.
    /// </summary>
    public static bool RegisterMember(TokenStream stream, ref int at, out DeviceMemberSyntax member)
    {
        member = null!;
        if (!stream.IsWord(at, "register")) return false;
        var clauses = new Sequence(stream, at);
        if (ReadRegister(ref clauses) is not { } register) return false;
        member = register;
        at = clauses.At;
        return true;
    }

    // The register production's clauses: the node, placed, or null with the clause that stopped it kept in clauses.
    private static RegisterSyntax? ReadRegister(ref Sequence clauses)
    {
        var doc = clauses.Docs;
        if (!(clauses.Read(RegisterKeyword, "register") && clauses.ReadName(out var name) && clauses.Optional(ArrayCount, out var count)
            && clauses.Read(At, '@') && clauses.ReadNumber(out var offset) && clauses.Optional(Stride, out var stride)
            && clauses.Read(Colon, ':') && clauses.ReadName(out var type) && clauses.ReadAccess(out var access)
            && clauses.Optional(RegisterAccessWidths, out var widths))) return null;
        var computed = clauses.Optional("computed");
        if (!clauses.OptionalNumber(Reset, "reset", out var reset)) return null;
        var reserved = clauses.Optional("reserved");
        return clauses.Optional(Condition, FastCondition, out var condition) && clauses.Optional(BeforeReadHook, out var before)
            && clauses.Optional(Hooks, FastHooks, out var hooks) && clauses.ReadEnd(RegisterEnd, FastFields, out var fields)
            ? clauses.Placed(new RegisterSyntax(doc, name, count, offset, stride, type, access, reset, condition, hooks.Read, hooks.Write, fields)
            {
                AccessWidths = widths?.ToImmutableArray(),
                ReservedOutsideFields = reserved,
                Computed = computed,
                BeforeReadHook = before,
            })
            : null;
    }

    /// <summary><c>/// doc</c> <c>state Name : u8 reset v { fields }</c>: a register the guest never reaches, for state the chip keeps beside its registers.</summary>
    public static readonly Parser<RegisterSyntax> State = Documented(doc =>
        from keyword in Keyword("state")
        from name in Name
        from colon in Symbol(":")
        from type in Name
        from reset in ResetClause
        from fields in RegisterEnd
        select new RegisterSyntax(doc, name, null, new NumberSyntax(0) { Span = name.Span }, null, type, AccessKind.ReadOnly, reset.GetOrDefault(),
            null, null, null, fields) { State = true });

    /// <summary><c>/// doc</c> <c>group Name[n] @offset stride s { registers }</c>.</summary>
    public static readonly Parser<RegisterGroupSyntax> Group = Node(
        from doc in Docs
        from keyword in Keyword("group")
        from name in Name
        from count in Symbol("[").Then(_ => Number).Then(n => Symbol("]").Return(n))
        from at in Symbol("@")
        from offset in Number
        from stride in Keyword("stride").Then(_ => Number)
        from open in Symbol("{")
        from registers in Register.XMany()
        from close in Close("a register")
        select new RegisterGroupSyntax(doc, name, count, offset, stride, registers.ToImmutableArray()));

    /// <summary><c>/// doc</c> <c>enum Name { A = 0, B = 1 }</c>.</summary>
    public static readonly Parser<EnumSyntax> Enum = Node(
        from doc in Docs
        from keyword in Keyword("enum")
        from name in Name
        from open in Symbol("{")
        from values in EnumValue.XDelimitedBy(Comma)
        from close in Symbol("}")
        select new EnumSyntax(doc, name, values.ToImmutableArray()));

    /// <summary>The optional <c>split</c> after a device's access widths: wider accesses are served as narrower ones.</summary>
    private static readonly Parser<bool> Split = Keyword("split").XOptional().Select(split => split.IsDefined);

    private static Parser<DeviceMemberSyntax> Setting(string keyword, Parser<DeviceSettingSyntax> value) =>
        Node(Keyword(keyword).Then(_ => value).Then(v => Semicolon.Return(v))).Select(s => (DeviceMemberSyntax)s);

    /// <summary>A device member: <c>size</c>, <c>access</c>, <c>policy</c>, <c>endian</c>, <c>irq</c>, a register, a state register, a register group or a shared enum.</summary>
    public static readonly Parser<DeviceMemberSyntax> Member = Dispatch("a device member",
        ("size", Setting("size", Size.Select(n => new DeviceSettingSyntax("size", null, n)))),
        ("access", Node(
            from keyword in Keyword("access")
            from widths in Number.XDelimitedBy(Comma)
            from lanes in Keyword("lanes").XOptional()
            from split in Split
            from end in Semicolon
            select new AccessWidthsSyntax(widths.ToImmutableArray()) { Lanes = lanes.IsDefined, Split = split }).Select(s => (DeviceMemberSyntax)s)),
        ("policy", Setting("policy",
            from which in OneOf("unmapped", "width")
            from value in OneOf("ones", "zero")
            select new DeviceSettingSyntax("policy " + which.Text, value, null))),
        ("endian", Setting("endian", OneOf("little", "big").Select(v => new DeviceSettingSyntax("endian", v, null)))),
        ("irq", Setting("irq", Name.XDelimitedBy(Comma).Select(v => v.ToImmutableArray())
            .Select(v => new DeviceSettingSyntax("irq", v[0], null) { Values = v }))),
        ("register", Register.As<RegisterSyntax, DeviceMemberSyntax>()),
        ("state", State.As<RegisterSyntax, DeviceMemberSyntax>()),
        ("group", Group.As<RegisterGroupSyntax, DeviceMemberSyntax>()),
        ("enum", Enum.As<EnumSyntax, DeviceMemberSyntax>()));

    /// <summary><c>device Name { members }</c>, given its doc comment.</summary>
    public static Parser<DeviceSyntax> Device(string? doc) =>
        Block("device", Member, FastMember, "a device member (size, access, policy, endian, irq, register, state, group, enum)", (name, members) => new DeviceSyntax(name, doc, members));
}
