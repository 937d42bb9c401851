namespace GraphNetworker.GraphEmulator.OData;

/// <summary>The syntax tree of an OData <c>$filter</c> (the subset Graph's Outlook and directory APIs accept).</summary>
internal abstract record FilterNode;

internal enum LiteralKind
{
    String,
    Number,
    Boolean,
    Null,
    DateTime,
}

internal sealed record FilterLiteral(LiteralKind Kind, string Text) : FilterNode;

/// <summary>A property path such as <c>receivedDateTime</c> or <c>ep/id</c> (Variable = "ep").</summary>
internal sealed record FilterPath(IReadOnlyList<string> Parts) : FilterNode
{
    public override string ToString() => string.Join('/', Parts);
}

/// <summary>eq, ne, gt, ge, lt, le, and, or.</summary>
internal sealed record FilterBinary(string Operator, FilterNode Left, FilterNode Right) : FilterNode;

internal sealed record FilterNot(FilterNode Operand) : FilterNode;

/// <summary><c>collection/any(v: body)</c> or <c>all</c>.</summary>
internal sealed record FilterLambda(FilterPath Collection, bool All, string? Variable, FilterNode? Body) : FilterNode;

/// <summary>startswith, endswith, contains, tolower, toupper.</summary>
internal sealed record FilterCall(string Name, IReadOnlyList<FilterNode> Arguments) : FilterNode;
