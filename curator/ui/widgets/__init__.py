"""Small widgets several views share."""
