using GraphNetworker.Core.Identity;

namespace GraphNetworker.Core.Tests.Identity;

/// <summary>The engine's table of address spellings: one number per address, whatever the spelling, found by fingerprint.</summary>
public sealed class AddressBookTests
{
    [Fact]
    public void NumberOf_SpellingsOfOneAddress_OneNumberAndTheNormalForm()
    {
        var book = new AddressBook();

        var plain = book.NumberOf("dana@fabrikam.com");
        var spellings = new[] { "  Dana@Fabrikam.COM ", "SMTP:dana@fabrikam.com", "<dana@fabrikam.com>", "dana+news@fabrikam.com" }
            .Select(book.NumberOf)
            .ToList();

        Assert.All(spellings, number => Assert.Equal(plain, number));
        Assert.Equal("dana@fabrikam.com", book[plain]);
        Assert.Equal(1, book.Count);
        Assert.NotEqual(plain, book.NumberOf("dan@fabrikam.com"));
    }

    [Fact]
    public void NumberOf_TextThatIsNoAddress_NotAnAddressAndNothingKept()
    {
        var book = new AddressBook();

        Assert.Equal(AddressBook.NotAnAddress, book.NumberOf("not an address"));
        Assert.Equal(AddressBook.NotAnAddress, book.NumberOf("not an address"));
        Assert.Equal(0, book.Count);
    }

    [Fact]
    public void NumberOf_TagGivenThroughOneSpelling_SeenThroughEveryOther()
    {
        var book = new AddressBook();
        var number = book.NumberOf("Dana@Fabrikam.com");
        book.NumberOf("dana@fabrikam.com", out var before);

        book.Tag(number, 7);

        Assert.Equal(0, before);
        Assert.Equal(number, book.NumberOf("dana@fabrikam.com", out var plain));
        Assert.Equal(number, book.NumberOf("SMTP:DANA@fabrikam.com", out var scheme));
        Assert.Equal((7, 7), (plain, scheme));
    }

    [Fact]
    public void Find_OnlyTheExactNormalForm()
    {
        var book = new AddressBook();
        var number = book.NumberOf("Dana@Fabrikam.com");

        Assert.Equal(number, book.Find("dana@fabrikam.com"));
        Assert.Equal(AddressBook.NotAnAddress, book.Find("Dana@Fabrikam.com"));
        Assert.Equal(AddressBook.NotAnAddress, book.Find("erin@fabrikam.com"));
    }

    [Fact]
    public void NumberOf_AHundredThousandAddresses_EachKeepsItsOwnNumberAsTheTableGrows()
    {
        var book = new AddressBook();
        var numbers = Enumerable.Range(0, 100_000).Select(i => book.NumberOf($"Person{i}@Company{i % 997}.example")).ToArray();

        Assert.Equal(100_000, book.Count);
        Assert.Equal(100_000, numbers.Distinct().Count());
        for (var i = 0; i < numbers.Length; i += 97)
        {
            Assert.Equal(numbers[i], book.NumberOf($"person{i}@company{i % 997}.example"));
            Assert.Equal($"person{i}@company{i % 997}.example", book[numbers[i]]);
        }
    }
}
