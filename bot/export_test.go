package bot

// DeliveryWorkers counts the delivery workers running (one per target with
// something pending).
func (e *Engine) DeliveryWorkers() int {
	e.delivery.mu.Lock()
	defer e.delivery.mu.Unlock()
	return len(e.delivery.workers)
}

// CachedConversations counts the conversations in the engine's cache.
func (e *Engine) CachedConversations() int {
	e.cache.mu.Lock()
	defer e.cache.mu.Unlock()
	return len(e.cache.m)
}
