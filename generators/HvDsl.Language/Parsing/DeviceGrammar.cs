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
    /// <summary><c>Name = value</c>.</summary>
    public static readonly Parser<EnumValueSyntax> EnumValue = Node(
        from name in Name
        from eq in Symbol("=")
        from value in Number
        select new EnumValueSyntax(name, value));

    /// <summary><c>{ A = 0, B = 1 }</c> or <c>;</c> after a field.</summary>
    private static readonly Parser<ImmutableArray<EnumValueSyntax>> FieldEnd =
        (from open in Symbol("{")
         from values in EnumValue.XDelimitedBy(Comma)
         from close in Symbol("}")
         select values.ToImmutableArray())
        .XOr(Semicolon.Return(ImmutableArray<EnumValueSyntax>.Empty));

    private static readonly Parser<IOption<NumberSyntax>> ResetClause = Keyword("reset").Then(_ => Number).XOptional();

    private static readonly Parser<IOption<NumberSyntax>> HighBit = Symbol("..").Then(_ => Number).XOptional();

    private static readonly Parser<IOption<AccessKind>> FieldAccess = Access.XOptional();

    private static readonly Parser<IOption<NameSyntax>> EnumType = Keyword("as").Then(_ => Name).XOptional();

    /// <summary><c>/// doc</c> <c>Name @lo..hi access reset v as Enum { values }</c>.</summary>
    public static readonly Parser<FieldSyntax> Field = Node(
        from doc in Docs
        from name in Name
        from at in Symbol("@")
        from low in Number
        from high in HighBit
        from access in FieldAccess
        from reset in ResetClause
        from type in EnumType
        from values in FieldEnd
        select new FieldSyntax(doc, name, low, high.GetOrDefault(), access.IsDefined ? access.Get() : null, reset.GetOrDefault(), values)
        {
            EnumType = type.GetOrDefault(),
        });

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

    private static readonly Parser<IOption<(NameSyntax? Read, NameSyntax? Write)>> Hooks = Keyword("on").Then(_ => ReadAndWriteHooks).XOptional();

    private static readonly Parser<IOption<NumberSyntax>> ArrayCount = Symbol("[").Then(_ => Number).Then(n => Symbol("]").Return(n)).XOptional();

    private static readonly Parser<IOption<NumberSyntax>> Stride = Keyword("stride").Then(_ => Number).XOptional();

    private static readonly Parser<IOption<IEnumerable<NumberSyntax>>> RegisterAccessWidths = Keyword("access").Then(_ => Number.XDelimitedBy(Comma)).XOptional();

    private static readonly Parser<IOption<string>> Computed = Keyword("computed").XOptional();

    private static readonly Parser<IOption<string>> Reserved = Keyword("reserved").XOptional();

    private static readonly Parser<IOption<ConditionSyntax>> Bank = Condition.XOptional();

    private static readonly Parser<IOption<NameSyntax>> BeforeReadHook = Keyword("before").Then(_ => Keyword("read")).Then(_ => HookTarget).XOptional();

    private static readonly Parser<ImmutableArray<FieldSyntax>> RegisterEnd =
        (from open in Symbol("{")
         from fields in Field.XMany()
         from close in Close("a field")
         select fields.ToImmutableArray())
        .XOr(Semicolon.Return(ImmutableArray<FieldSyntax>.Empty));

    /// <summary><c>/// doc</c> <c>register Name[n] @offset stride s : u8 rw access 1, 2 computed reset v reserved when R.F == v before read -> P on read -> A { fields }</c>.</summary>
    public static readonly Parser<RegisterSyntax> Register = Node(
        from doc in Docs
        from keyword in Keyword("register")
        from name in Name
        from count in ArrayCount
        from at in Symbol("@")
        from offset in Number
        from stride in Stride
        from colon in Symbol(":")
        from type in Name
        from access in Access
        from widths in RegisterAccessWidths
        from computed in Computed
        from reset in ResetClause
        from reserved in Reserved
        from condition in Bank
        from before in BeforeReadHook
        from hooks in Hooks
        from fields in RegisterEnd
        select new RegisterSyntax(doc, name, count.GetOrDefault(), offset, stride.GetOrDefault(), type, access, reset.GetOrDefault(),
            condition.GetOrDefault(), hooks.GetOrDefault().Read, hooks.GetOrDefault().Write, fields)
        {
            AccessWidths = widths.IsDefined ? widths.Get().ToImmutableArray() : null,
            ReservedOutsideFields = reserved.IsDefined,
            Computed = computed.IsDefined,
            BeforeReadHook = before.GetOrDefault(),
        });

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
        ("register", Register.Select(r => (DeviceMemberSyntax)r)),
        ("state", State.Select(r => (DeviceMemberSyntax)r)),
        ("group", Group.Select(g => (DeviceMemberSyntax)g)),
        ("enum", Enum.Select(e => (DeviceMemberSyntax)e)));

    /// <summary><c>device Name { members }</c>, given its doc comment.</summary>
    public static Parser<DeviceSyntax> Device(string? doc) =>
        Block("device", Member, "a device member (size, access, policy, endian, irq, register, state, group, enum)", (name, members) => new DeviceSyntax(name, doc, members));
}
