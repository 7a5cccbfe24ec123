package bot

// DeliveryWorkers counts the delivery workers running (one per target with
// something pending).
func (e *Engine) DeliveryWorkers() int {
	e.delivery.mu.Lock()
	defer e.delivery.mu.Unlock()
	return len(e.delivery.workers)
}

// HelpWords are the words taken for !help, in every language.
var HelpWords = helpWords
