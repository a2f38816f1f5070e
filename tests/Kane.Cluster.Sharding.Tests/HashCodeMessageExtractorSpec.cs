namespace Kane.Cluster.Sharding.Tests;

public sealed class HashCodeMessageExtractorSpec
{
    private sealed record Deposit(string Account, decimal Amount);

    private sealed class AccountExtractor(int shards) : HashCodeMessageExtractor(shards)
    {
        public override string? EntityId(object message) => message is Deposit d ? d.Account : null;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_shard_count_below_one_is_refused_with_guidance(int count)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AccountExtractor(count));
        Assert.Contains("at least 1", e.Message);
        Assert.Contains("ten times", e.Message);
    }

    [Fact]
    public void The_shard_is_the_absolute_murmur_hash_modulo_the_count_as_a_decimal()
    {
        IMessageExtractor extractor = new AccountExtractor(100);
        // murmur3("hello") = 0x248bfa47 = 613153351, which is 51 mod 100.
        Assert.Equal("51", extractor.ShardId("hello"));
        Assert.Equal("51", extractor.ShardId(new Deposit("hello", 1m)));
    }

    [Fact]
    public void A_negative_hash_is_made_absolute_before_the_modulo()
    {
        // Find an id whose hash is negative as an int, and check the shard against |hash| mod n.
        var id = Enumerable.Range(0, 1000).Select(i => $"e{i}").First(s => (int)Internal.MurmurHash3.Hash(s) < 0);
        var hash = (int)Internal.MurmurHash3.Hash(id);
        IMessageExtractor extractor = new AccountExtractor(7);
        Assert.Equal((-(long)hash % 7).ToString(System.Globalization.CultureInfo.InvariantCulture), extractor.ShardId(id));
    }

    [Fact]
    public void Int_min_value_hash_does_not_overflow()
    {
        // |int.MinValue| = 2^31, which is 2 mod 3 and 0 mod 2^k.
        Assert.Equal(2147483648L % 3, Math.Abs((long)int.MinValue) % 3);
        for (var n = 1; n < 50; n++)
        {
            var shard = HashCodeMessageExtractor.ShardNumber("any", n);
            Assert.InRange(shard, 0, n - 1);
        }
    }

    [Fact]
    public void Envelopes_and_start_entity_are_understood_without_the_subclass()
    {
        IMessageExtractor extractor = new AccountExtractor(30);
        var envelope = new ShardEnvelope("acc-9", "payload");
        Assert.Equal("acc-9", extractor.EntityId(envelope));
        Assert.Equal("payload", extractor.EntityMessage(envelope));
        Assert.Equal(extractor.ShardId("acc-9"), extractor.ShardId(envelope));
        var start = new StartEntity("acc-9");
        Assert.Equal("acc-9", extractor.EntityId(start));
        Assert.Equal(extractor.ShardId("acc-9"), extractor.ShardId(start));
        Assert.Same(start, extractor.EntityMessage(start));
    }

    [Fact]
    public void A_message_for_no_entity_has_no_entity_id_and_asking_its_shard_says_why()
    {
        IMessageExtractor extractor = new AccountExtractor(10);
        Assert.Null(extractor.EntityId("stray"));
        var e = Assert.Throws<ArgumentException>(() => extractor.ShardId((object)"stray"));
        Assert.Contains("not for an entity", e.Message);
    }

    [Fact]
    public void Shard_ids_cover_every_shard_and_spread_evenly()
    {
        IMessageExtractor extractor = new AccountExtractor(10);
        var counts = Enumerable.Range(0, 10_000).GroupBy(i => extractor.ShardId($"user-{i}")).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c, 800, 1200));
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(5000)]
    public void Counts_with_and_without_cached_ids_give_the_same_answers(int count)
    {
        IMessageExtractor extractor = new ShardEnvelopeExtractor(count);
        for (var i = 0; i < 200; i++)
            Assert.Equal(HashCodeMessageExtractor.ShardNumber($"k{i}", count).ToString(System.Globalization.CultureInfo.InvariantCulture), extractor.ShardId($"k{i}"));
    }

    [Fact]
    public void The_envelope_extractor_takes_envelopes_only()
    {
        IMessageExtractor extractor = new ShardEnvelopeExtractor(10);
        Assert.Equal("x", extractor.EntityId(new ShardEnvelope("x", 1)));
        Assert.Equal(1, extractor.EntityMessage(new ShardEnvelope("x", 1)));
        Assert.Null(extractor.EntityId(new Deposit("x", 1)));
    }
}
