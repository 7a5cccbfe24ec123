package memstore_test

import (
	"testing"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/memstore"
	"github.com/silentguard/silentguard/bot/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(*testing.T) bot.Store { return memstore.New() })
}
